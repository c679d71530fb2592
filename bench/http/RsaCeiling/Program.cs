using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

// Usage: RsaCeiling [threads=2] [seconds=5] [sign|verify]
// Signs ~900 bytes (the size of a JWS signing input of a typical assertion) with RS256 (RSA-2048, PKCS#1 v1.5,
// SHA-256) on `threads` threads for `seconds` seconds, each thread with an RSA instance of its own (as the API signs:
// RsaSigningKey gives each concurrent signer its own copy of the key), and prints the total signatures per second as
// the last line: "rsa2048_sign_per_s=<number>".
// With "verify" it verifies such a signature instead (with the public key only, as a verifier does) and prints
// "rsa2048_verify_per_s=<number>".
var threads = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2;
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var verify = args.Length > 2 && args[2] == "verify";
var payload = new byte[900];
Random.Shared.NextBytes(payload);

var keys = Enumerable.Range(0, threads).Select(_ => RSA.Create(2048)).ToArray();
var signatures = keys.Select(k => k.SignData(payload, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)).ToArray();
var publicKeys = keys.Select(k =>
{
    var publicKey = RSA.Create();
    publicKey.ImportSubjectPublicKeyInfo(k.ExportSubjectPublicKeyInfo(), out _);
    return publicKey;
}).ToArray();
for (var t = 0; t < threads; t++)
{
    // Warm-up: JIT, OpenSSL initialisation.
    for (var i = 0; i < 20; i++)
    {
        Operation(t);
    }
}

void Operation(int t)
{
    if (verify)
    {
        if (!publicKeys[t].VerifyData(payload, signatures[t], HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            throw new InvalidOperationException("signature did not verify");
        }
    }
    else
    {
        keys[t].SignData(payload, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }
}

var counts = new long[threads];
using var start = new Barrier(threads + 1);
var duration = TimeSpan.FromSeconds(seconds);
var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
{
    start.SignalAndWait();
    var sw = Stopwatch.StartNew();
    long n = 0;
    while (sw.Elapsed < duration)
    {
        Operation(t);
        n++;
    }
    counts[t] = n;
}) { IsBackground = true }).ToList();
workers.ForEach(w => w.Start());
var wall = Stopwatch.StartNew();
start.SignalAndWait();
workers.ForEach(w => w.Join());
var elapsed = wall.Elapsed.TotalSeconds;
var total = counts.Sum();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"threads={threads} seconds={elapsed:F2} {(verify ? "verifications" : "signatures")}={total} per_thread=[{string.Join(",", counts)}]"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rsa2048_{(verify ? "verify" : "sign")}_per_s={total / elapsed:F1}"));
