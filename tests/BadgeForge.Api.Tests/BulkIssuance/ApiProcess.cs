using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using BadgeForge.Api.Tests.Infrastructure;

namespace BadgeForge.Api.Tests.BulkIssuance;

/// <summary>
/// The built BadgeForge.Api.dll as a real process on a free port of 127.0.0.1 (as StartupTests runs it), so that a
/// test can SIGKILL it mid-work or run two of them on one database.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ApiProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<ApiProcess> StartAsync(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var start = Info(database, baseUrl, settings, []);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start)!;
        var api = new ApiProcess(process, baseUrl);
        process.OutputDataReceived += (_, e) => api.Append(e.Data);
        process.ErrorDataReceived += (_, e) => api.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        var until = DateTime.UtcNow.AddSeconds(180);
        while (DateTime.UtcNow < until && !process.HasExited)
        {
            try
            {
                if ((await http.GetAsync($"{baseUrl}/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return api;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        await api.DisposeAsync();
        throw new Xunit.Sdk.XunitException($"The API did not become ready on {baseUrl}. Output: {api.Output}");
    }

    /// Starts the API and waits for it to exit on its own (a refused start): its exit code and everything it printed.
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var (exitCode, stdout, stderr) = await ProcessRuns.RunUntilExitAsync(
            Info(database, $"http://127.0.0.1:{FreePort()}", settings, []), TimeSpan.FromSeconds(90));
        return (exitCode, stdout + stderr);
    }

    /// Runs create-admin against the database (with <paramref name="settings"/>, as the running instance has them) and
    /// signs the new platform admin in (password changed): a bearer token.
    public static async Task<string> CreateAdminTokenAsync(TestDatabase database, ApiProcess api, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var email = $"admin-{Guid.NewGuid():N}@example.org";
        var (_, stdout, _) = await ProcessRuns.RunUntilExitAsync(
            Info(database, api.BaseUrl, settings, ["create-admin", "--email", email]), TimeSpan.FromSeconds(90));
        var otp = stdout.Split('\n').Single(l => l.StartsWith("One-time password: ", StringComparison.Ordinal))["One-time password: ".Length..].Trim();
        using var http = new HttpClient { BaseAddress = new Uri(api.BaseUrl) };
        var token = await PostAsync(http, "/api/auth/token", new { email, password = otp });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        var changed = await PostAsync(http, "/api/auth/password", new { currentPassword = otp, newPassword = "a long passphrase for the admin" });
        return changed.GetProperty("accessToken").GetString()!;
    }

    /// Creates an organisation as the platform admin behind <paramref name="http"/>: its id.
    public static async Task<Guid> CreateOrganisationAsync(HttpClient http) => (await PostAsync(http, "/api/organisations", new
    {
        slug = "org-" + Guid.NewGuid().ToString("N")[..10],
        name = new { sl = "Zavod", en = "Institute" },
        description = new { sl = "Opis", en = "Description" },
        url = "https://example.org",
        email = "info@example.org",
    })).GetProperty("id").GetGuid();

    public HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromMinutes(3) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// SIGKILL: no shutdown, no flushing, as a crash or the OOM killer would.
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    public static async Task<JsonElement> PostAsync(HttpClient http, string url, object body)
    {
        var response = await http.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue($"POST {url} answered {response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static ProcessStartInfo Info(TestDatabase database, string baseUrl, IReadOnlyDictionary<string, string?>? settings, string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "BadgeForge.Api.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = baseUrl;
        // One public origin for every instance: it is the tokens' issuer, and instances behind one address share it.
        start.Environment["PublicBaseUrl"] = "https://badges.test";
        start.Environment["Database__Provider"] = database.Provider.ToString();
        start.Environment["ConnectionStrings__BadgeForge"] = database.ConnectionString;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }
        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
