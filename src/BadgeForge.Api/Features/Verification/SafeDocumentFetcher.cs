using System.Net;
using System.Net.Sockets;
using BadgeForge.Core.Verification;

namespace BadgeForge.Api.Features.Verification;

/// Configuration section "Verification".
public sealed class VerificationOptions
{
    public const string Section = "Verification";

    /// <summary>
    /// Hosts (names or IP addresses) that may be fetched even though they are loopback or private, e.g. "127.0.0.1" in
    /// tests or an intranet issuer. Empty by default: only public addresses.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    public int TimeoutSeconds { get; set; } = 10;
    public int MaxRedirects { get; set; } = 3;
    public int MaxResponseBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Seconds the verify API keeps its report on one exact input built from our own documents alone
    /// (<see cref="VerificationResultCache"/>); 0 turns it off. At most 5: a revocation must show within 5 seconds.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 5)]
    public int ResultCacheSeconds { get; set; } = 5;
}

/// <summary>
/// Fetches Open Badges documents for the verify API without becoming a server-side request forgery tool: http and
/// https only; every address a name resolves to is checked (loopback, private, link-local, cloud metadata, multicast
/// and other special ranges refused unless allow-listed) and the connection goes to the checked address, so DNS
/// rebinding cannot swap it; redirects are limited and re-checked the same way; bounded time and size; no cookies
/// or credentials are ever sent.
/// </summary>
public sealed class SafeDocumentFetcher(HttpClient http, Microsoft.Extensions.Options.IOptions<VerificationOptions> options) : IDocumentFetcher
{
    public const string HttpClientName = "verification";
    /// The Accept header of the 1EdTech validator (CHECKLIST §0.3).
    public const string Accept = "application/ld+json, application/json, image/png, image/svg+xml";

    public async Task<DocumentFetchResult> FetchAsync(Uri url, CancellationToken ct)
    {
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            return DocumentFetchResult.Failed($"Only http and https URLs are fetched, not '{url.Scheme}'.");
        }
        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            return DocumentFetchResult.Failed("URLs with credentials are not fetched.");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("Accept", Accept);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var limit = options.Value.MaxResponseBytes;
            if (response.Content.Headers.ContentLength > limit)
            {
                return DocumentFetchResult.Failed($"{url} answered with {response.Content.Headers.ContentLength} bytes; at most {limit} are read.");
            }
            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, timeout.Token)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return DocumentFetchResult.Failed($"{url} sent more than {limit} bytes.");
                }
                buffer.Write(chunk, 0, read);
            }
            return DocumentFetchResult.Response((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, buffer.ToArray());
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return DocumentFetchResult.Failed($"{url} did not answer within {options.Value.TimeoutSeconds} seconds.");
        }
        catch (HttpRequestException e)
        {
            return DocumentFetchResult.Failed($"{url} could not be fetched: {(e.InnerException as BlockedAddressException)?.Message ?? e.Message}");
        }
    }

    /// The handler behind the named HttpClient: address checks at connect time, no cookies, limited redirects.
    public static SocketsHttpHandler CreateHandler(VerificationOptions options) => new()
    {
        AllowAutoRedirect = options.MaxRedirects > 0,
        MaxAutomaticRedirections = Math.Max(options.MaxRedirects, 1),
        UseCookies = false,
        Credentials = null,
        UseProxy = false,
        ConnectTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
        ConnectCallback = async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var allowed = options.AllowedHosts.Contains(host, StringComparer.OrdinalIgnoreCase);
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
            var address = addresses.FirstOrDefault(a => allowed || options.AllowedHosts.Contains(a.ToString()) || IsPublic(a))
                ?? throw new BlockedAddressException($"{host} resolves only to addresses that are not public ({string.Join(", ", addresses.Select(a => a.ToString()))}); they are not fetched.");
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>True for globally routable unicast addresses; false for every special-purpose range.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }
        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224       // this network, private, loopback, multicast/reserved
                     || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)              // carrier-grade NAT
                     || (b[0] == 169 && b[1] == 254)                            // link-local, cloud metadata
                     || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                     || (b[0] == 192 && b[1] == 168)
                     || (b[0] == 192 && b[1] == 0 && (b[2] == 0 || b[2] == 2))  // IETF protocol assignments, TEST-NET-1
                     || (b[0] == 198 && (b[1] == 18 || b[1] == 19))             // benchmarking
                     || (b[0] == 198 && b[1] == 51 && b[2] == 100) || (b[0] == 203 && b[1] == 0 && b[2] == 113));
        }
        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                 || (b[0] & 0xFE) == 0xFC                                         // unique local fc00::/7
                 || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) // documentation
                 || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B)); // NAT64 may reach private IPv4
    }

    private sealed class BlockedAddressException(string message) : IOException(message);
}
