using System.Net;
using BadgeForge.Api.Infrastructure.Email;

namespace BadgeForge.Api.Features.Backpack;

/// The sign-in email, in Slovenian and English in one message: we do not know the earner's language before they sign in.
public static class LoginLinkMail
{
    public static EmailMessage Build(string to, string link, int validMinutes)
    {
        var text = $"""
            Pozdravljeni,

            za prijavo v svoj nahrbtnik značk BadgeForge odprite to povezavo. Velja {validMinutes} minut in samo enkrat:
            {link}

            Če prijave niste zahtevali, sporočilo prezrite: brez povezave se nihče ne more prijaviti.

            ---

            Hello,

            to sign in to your BadgeForge badge backpack, open this link. It works once, for {validMinutes} minutes:
            {link}

            If you did not ask to sign in, ignore this message: nobody can sign in without the link.
            """;
        var href = WebUtility.HtmlEncode(link);
        var html = $"""
            <!DOCTYPE html>
            <html lang="sl"><head><meta charset="utf-8"><title>BadgeForge</title></head>
            <body style="font-family: sans-serif; line-height: 1.5">
            <p>Pozdravljeni,</p>
            <p>za prijavo v svoj nahrbtnik značk BadgeForge odprite to povezavo. Velja {validMinutes} minut in samo enkrat:</p>
            <p><a href="{href}">Prijava v nahrbtnik</a></p>
            <p>Če prijave niste zahtevali, sporočilo prezrite: brez povezave se nihče ne more prijaviti.</p>
            <hr>
            <div lang="en">
            <p>Hello,</p>
            <p>to sign in to your BadgeForge badge backpack, open this link. It works once, for {validMinutes} minutes:</p>
            <p><a href="{href}">Sign in to the backpack</a></p>
            <p>If you did not ask to sign in, ignore this message: nobody can sign in without the link.</p>
            </div>
            <p style="color: #555; font-size: .9em">{href}</p>
            </body></html>
            """;
        return new EmailMessage(to, "Prijava v nahrbtnik BadgeForge / Sign in to your BadgeForge backpack", text, html);
    }
}
