using Microsoft.AspNetCore.Http.HttpResults;

namespace BadgeForge.Api.Infrastructure;

/// <summary>
/// A baked badge image (PNG or SVG) posted as multipart/form-data in a field named <c>file</c>, with other form fields
/// beside it: how the verify API and school submissions take images.
/// </summary>
public static class BadgeImageUpload
{
    /// The largest image taken: the verifier's own limit (OpenBadgeVerifierOptions.MaxImageBytes); endpoints set it as
    /// their body limit.
    public const long MaxBytes = 16 * 1024 * 1024;

    /// <param name="Image">The file's bytes.</param>
    /// <param name="Form">The whole form, for the fields beside the file.</param>
    public sealed record Upload(byte[] Image, IFormCollection Form);

    /// The upload, or the problem with the request, naming the field <c>file</c>.
    public static async Task<(Upload? Upload, ValidationProblem? Problem)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return (null, Problems.Invalid("file", "Upload the baked badge image as multipart/form-data with a field named 'file'."));
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (InvalidDataException e)
        {
            return (null, Problems.Invalid("file", $"The multipart form cannot be read: {e.Message}"));
        }
        if (form.Files.GetFile("file") is not { Length: > 0 } file)
        {
            return (null, Problems.Invalid("file", "The form has no non-empty field named 'file'."));
        }
        if (file.Length > MaxBytes)
        {
            return (null, Problems.Invalid("file", "The image is larger than 16 MiB."));
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        return (new Upload(buffer.ToArray(), form), null);
    }
}
