using System.Text.Json;

namespace BadgeForge.Core.Verification;

/// <summary>The mutable state of one verification: checks so far, the fetch budget and cache, and the summary.</summary>
internal sealed class VerificationSession(IDocumentFetcher fetcher, OpenBadgeVerifierOptions options, CancellationToken cancellationToken)
{
    // Failures of these mean "could not find out", not "the badge is wrong" (VerificationStatus.Unverifiable).
    private static readonly string[] InconclusiveChecks = ["limits", "version", "internal"];

    private readonly List<VerificationCheck> _checks = [];
    private readonly Dictionary<string, DocumentFetchResult> _fetched = new(StringComparer.Ordinal);

    public OpenBadgeVerifierOptions Options => options;

    public string? VerificationType { get; set; }

    public string? AssertionId { get; set; }

    public string? BadgeId { get; set; }

    public string? BadgeName { get; set; }

    public string? IssuerId { get; set; }

    public string? IssuerName { get; set; }

    public DateTimeOffset? IssuedOn { get; set; }

    public DateTimeOffset? Expires { get; set; }

    public string? RevocationReason { get; set; }

    public bool? RecipientMatched { get; set; }

    public int FailureCount => _checks.Count(c => !c.Passed);

    public void Pass(string name, string message) => _checks.Add(new VerificationCheck(name, true, message, null));

    public void Fail(string name, string message, string severity = VerificationSeverity.Error) =>
        _checks.Add(new VerificationCheck(name, false, message, severity));

    public void Revoked(string message, string? reason)
    {
        RevocationReason = reason;
        Fail("revocation", message);
    }

    /// <summary>
    /// GETs <paramref name="url"/> once per verification (later calls reuse the response) within the fetch budget.
    /// Returns null, after recording a failed <paramref name="checkName"/>, when no response could be obtained.
    /// </summary>
    public async Task<DocumentFetchResult?> FetchAsync(Uri url, string checkName, string what)
    {
        var key = url.AbsoluteUri;
        if (_fetched.TryGetValue(key, out var cached))
        {
            return cached;
        }
        if (_fetched.Count >= options.MaxFetches)
        {
            Fail("limits", $"Not fetching the {what} at {ObJson.Show(key)}: the limit of {options.MaxFetches} documents per verification was reached.");
            return null;
        }

        DocumentFetchResult result;
        try
        {
            result = await fetcher.FetchAsync(url, cancellationToken).ConfigureAwait(false)
                     ?? DocumentFetchResult.Failed("The fetcher returned no result.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException or InvalidOperationException)
        {
            // An HttpClient timeout surfaces as TaskCanceledException without our token being cancelled.
            result = DocumentFetchResult.Failed(ex is OperationCanceledException ? "The request timed out." : ObJson.Show(ex.Message, 200));
        }
        _fetched[key] = result;
        if (result.Error is not null)
        {
            Fail(checkName, $"Could not fetch the {what} at {ObJson.Show(key)}: {ObJson.Show(result.Error, 200)}");
            return null;
        }
        return result;
    }

    /// <summary>
    /// Fetches a linked JSON document that must answer 2xx with a JSON object. Records a passed or failed
    /// <paramref name="checkName"/>; returns null on failure.
    /// </summary>
    public async Task<JsonElement?> FetchJsonAsync(Uri url, string checkName, string what)
    {
        var response = await FetchAsync(url, checkName, what).ConfigureAwait(false);
        if (response is null)
        {
            return null;
        }
        if (response.StatusCode is < 200 or > 299)
        {
            Fail(checkName, $"Could not fetch the {what} at {ObJson.Show(url.AbsoluteUri)}: HTTP {response.StatusCode}.");
            return null;
        }
        if (!ObJson.TryParseObject(response.Body, options, out var root, out var error))
        {
            Fail(checkName, $"The {what} at {ObJson.Show(url.AbsoluteUri)} could not be read as JSON: {error} (Content-Type {ObJson.Show(response.ContentType, 60)}).");
            return null;
        }
        Pass(checkName, $"Fetched the {what} at {ObJson.Show(url.AbsoluteUri)}.");
        return root;
    }

    public VerificationReport ToReport()
    {
        if (_checks.Count == 0)
        {
            Fail("input", "Nothing was verified.");
        }
        return new VerificationReport
        {
            Status = DecideStatus(),
            Checks = _checks.ToArray(),
            VerificationType = VerificationType,
            AssertionId = AssertionId,
            BadgeId = BadgeId,
            BadgeName = BadgeName,
            IssuerId = IssuerId,
            IssuerName = IssuerName,
            IssuedOn = IssuedOn,
            Expires = Expires,
            RevocationReason = RevocationReason,
            RecipientMatched = RecipientMatched,
        };
    }

    private string DecideStatus()
    {
        var errors = _checks.Where(c => !c.Passed && c.Severity == VerificationSeverity.Error).Select(c => c.Name).ToList();
        if (errors.Contains("revocation"))
        {
            return VerificationStatus.Revoked;
        }
        static bool Inconclusive(string name) => name.StartsWith("fetch.", StringComparison.Ordinal) || InconclusiveChecks.Contains(name);
        if (errors.Any(name => name != "expiry" && !Inconclusive(name)))
        {
            return VerificationStatus.Invalid;
        }
        if (errors.Any(Inconclusive))
        {
            return VerificationStatus.Unverifiable;
        }
        return errors.Contains("expiry") ? VerificationStatus.Expired : VerificationStatus.Valid;
    }
}
