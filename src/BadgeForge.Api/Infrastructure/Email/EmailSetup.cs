namespace BadgeForge.Api.Infrastructure.Email;

public static class EmailSetup
{
    public static void AddEmail(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IEmailSender, MailKitEmailSender>();
    }
}
