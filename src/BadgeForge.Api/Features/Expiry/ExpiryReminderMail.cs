using System.Globalization;
using System.Net;
using BadgeForge.Api.Infrastructure.Email;

namespace BadgeForge.Api.Features.Expiry;

/// <summary>
/// The expiry reminder, in the earner's language only (Slovenian or English), as plain text and HTML with the same
/// content: badge, issuer, expiry (in the jobs' time zone, Europe/Ljubljana by default), verification link, and how
/// to renew. The organisation's copy names the earner; the earner's does not need to.
/// </summary>
public static class ExpiryReminderMail
{
    /// <param name="Language">"sl" or "en".</param>
    /// <param name="BadgeTitle">The badge's title in that language.</param>
    /// <param name="Issuer">The organisation's name in that language.</param>
    /// <param name="IssuerEmail">The organisation's contact address.</param>
    /// <param name="EarnerName">The earner's name, if known.</param>
    /// <param name="EarnerEmail">The earner's address.</param>
    /// <param name="Expires">The expiry, already formatted for the language.</param>
    /// <param name="VerificationUrl">The verification page.</param>
    /// <param name="BackpackUrl">Where the earner signs in to renew.</param>
    /// <param name="RenewalNarrative">What renewal requires, if the badge can be renewed.</param>
    /// <param name="CriteriaNarrative">The badge's criteria, to earn it again when it cannot be renewed.</param>
    public sealed record Content(
        string Language, string BadgeTitle, string Issuer, string IssuerEmail, string? EarnerName, string EarnerEmail, string Expires,
        string VerificationUrl, string BackpackUrl, string? RenewalNarrative, string? CriteriaNarrative);

    /// "15. marec 2027 ob 14.30" or "15 March 2027 at 14:30", in the given time zone.
    public static string FormatInstant(DateTime utc, string language, string timeZoneId)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeZoneInfo.FindSystemTimeZoneById(timeZoneId));
        return language == "en"
            ? local.ToString("d MMMM yyyy 'at' HH:mm", CultureInfo.GetCultureInfo("en-GB"))
            : local.ToString("d. MMMM yyyy 'ob' HH.mm", CultureInfo.GetCultureInfo("sl-SI"));
    }

    public static EmailMessage ForEarner(Content c) => c.Language == "en"
        ? Build(c, c.EarnerEmail,
            $"Your badge “{c.BadgeTitle}” expires on {c.Expires}",
            "Hello,",
            $"your badge “{c.BadgeTitle}”, issued by {c.Issuer}, expires on {c.Expires}.")
        : Build(c, c.EarnerEmail,
            $"Vaša značka »{c.BadgeTitle}« poteče {c.Expires}",
            "Pozdravljeni,",
            $"vaša značka »{c.BadgeTitle}« izdajatelja {c.Issuer} poteče {c.Expires}.");

    public static EmailMessage ForOrganisation(Content c)
    {
        var earner = c.EarnerName is null ? c.EarnerEmail : $"{c.EarnerName} <{c.EarnerEmail}>";
        return c.Language == "en"
            ? Build(c, c.IssuerEmail,
                $"Badge “{c.BadgeTitle}” of {c.EarnerName ?? c.EarnerEmail} expires on {c.Expires}",
                $"Hello {c.Issuer},",
                $"the badge “{c.BadgeTitle}” you issued to {earner} expires on {c.Expires}. The earner has received this reminder too.")
            : Build(c, c.IssuerEmail,
                $"Značka »{c.BadgeTitle}« osebe {c.EarnerName ?? c.EarnerEmail} poteče {c.Expires}",
                $"Pozdravljeni, {c.Issuer},",
                $"značka »{c.BadgeTitle}«, ki ste jo izdali osebi {earner}, poteče {c.Expires}. Opomnik smo poslali tudi prejemniku značke.");
    }

    private static EmailMessage Build(Content c, string to, string subject, string greeting, string lead)
    {
        var en = c.Language == "en";
        var verify = en ? "Verification page:" : "Stran za preverjanje:";
        var how = en ? "How to renew" : "Kako značko obnovite";
        var renew = c.RenewalNarrative is not null
            ? en
                ? $"The badge can be renewed, before or after it expires: sign in to your badge backpack at {c.BackpackUrl} and renew it there, or ask {c.Issuer} ({c.IssuerEmail}) to renew it for you. Renewal requires: {c.RenewalNarrative}"
                : $"Značko lahko obnovite pred iztekom ali po njem: prijavite se v svoj nahrbtnik značk na {c.BackpackUrl} in jo obnovite tam, ali pa prosite {c.Issuer} ({c.IssuerEmail}), da jo obnovi za vas. Za obnovo je potrebno: {c.RenewalNarrative}"
            : en
                ? $"This badge has no separate renewal: it is renewed by meeting its criteria again ({c.CriteriaNarrative}). Contact {c.Issuer} at {c.IssuerEmail}."
                : $"Ta značka nima posebne obnove: obnovi se tako, da znova izpolnite njena merila ({c.CriteriaNarrative}). Obrnite se na {c.Issuer} na {c.IssuerEmail}.";
        var footer = en
            ? "This is an automatic reminder from BadgeForge; each reminder is sent once."
            : "To je samodejni opomnik sistema BadgeForge; vsak opomnik je poslan enkrat.";

        var text = $"""
            {greeting}

            {lead}

            {verify}
            {c.VerificationUrl}

            {how}
            {renew}

            --
            {footer}
            """;
        string H(string s) => WebUtility.HtmlEncode(s);
        var html = $"""
            <!DOCTYPE html>
            <html lang="{c.Language}"><head><meta charset="utf-8"><title>{H(subject)}</title></head>
            <body style="font-family: sans-serif; line-height: 1.5">
            <p>{H(greeting)}</p>
            <p>{H(lead)}</p>
            <p>{H(verify)} <a href="{H(c.VerificationUrl)}">{H(c.VerificationUrl)}</a></p>
            <h2 style="font-size: 1.1em">{H(how)}</h2>
            <p>{H(renew)}</p>
            <p><a href="{H(c.BackpackUrl)}">{(en ? "Open your badge backpack" : "Odpri nahrbtnik značk")}</a></p>
            <hr>
            <p style="color: #555; font-size: .9em">{H(footer)}</p>
            </body></html>
            """;
        return new EmailMessage(to, subject, text, html, c.Language);
    }
}
