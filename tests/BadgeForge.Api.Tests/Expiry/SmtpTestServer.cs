using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace BadgeForge.Api.Tests.Expiry;

/// <summary>
/// A real SMTP server on 127.0.0.1 (RFC 5321, just enough of it: EHLO/HELO, MAIL FROM, RCPT TO, DATA, RSET, NOOP,
/// QUIT), so mail leaves the app through MailKit over TCP exactly as in production. It advertises no extensions, so
/// clients send 7-bit messages; each accepted message is parsed with MimeKit and kept with its envelope.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public SmtpTestServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentQueue<ReceivedMail> Received { get; } = new();

    /// Messages whose envelope goes to this address.
    public List<ReceivedMail> To(string address) =>
        [.. Received.Where(m => m.Recipients.Contains(address, StringComparer.OrdinalIgnoreCase))];

    /// The settings that route the app's mail here.
    public Dictionary<string, string?> Settings() => new()
    {
        ["Email:Host"] = "127.0.0.1",
        ["Email:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Security"] = "None",
    };

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.Latin1);
        await using var writer = new StreamWriter(stream, Encoding.Latin1) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 127.0.0.1 BadgeForge test SMTP");
        string? from = null;
        var recipients = new List<string>();
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                case "HELO":
                    await writer.WriteLineAsync("250 127.0.0.1");
                    break;
                case "MAIL":
                    from = Address(line);
                    recipients.Clear();
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "RCPT":
                    recipients.Add(Address(line));
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                    {
                        // Dot-stuffing (RFC 5321 §4.5.2).
                        data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                    }
                    using (var body = new MemoryStream(Encoding.Latin1.GetBytes(data.ToString())))
                    {
                        Received.Enqueue(new ReceivedMail(from ?? "", [.. recipients], await MimeMessage.LoadAsync(body)));
                    }
                    await writer.WriteLineAsync("250 OK queued");
                    break;
                case "RSET":
                    from = null;
                    recipients.Clear();
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "NOOP":
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 Bye");
                    return;
                default:
                    await writer.WriteLineAsync("502 Command not implemented");
                    break;
            }
        }
    }

    private static string Address(string line)
    {
        var start = line.IndexOf('<', StringComparison.Ordinal);
        var end = line.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? line[(start + 1)..end] : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}

/// <param name="From">Envelope sender.</param>
/// <param name="Recipients">Envelope recipients.</param>
/// <param name="Message">The message as received.</param>
public sealed record ReceivedMail(string From, IReadOnlyList<string> Recipients, MimeMessage Message);
