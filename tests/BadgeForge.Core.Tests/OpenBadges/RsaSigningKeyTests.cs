using System.Collections.Concurrent;
using System.Security.Cryptography;
using BadgeForge.Core.OpenBadges;
using BadgeForge.Core.Signing;

namespace BadgeForge.Core.Tests.OpenBadges;

public sealed class RsaSigningKeyTests : IDisposable
{
    private readonly RSA _public = RsaKeys.ImportPrivateKeyPem(File.ReadAllText(TestSupport.FixturePath("test-rsa-2048.pem")));
    private readonly RsaSigningKey _key = new(RsaKeys.ImportPrivateKeyPem(File.ReadAllText(TestSupport.FixturePath("test-rsa-2048.pem"))));
    private readonly byte[] _payload = OpenBadgesDocuments.Assertion(TestSupport.SignedAssertion());

    public void Dispose() => _public.Dispose();

    [Fact]
    public void Sign_WithTheSharedKey_IsTheSameSignatureAsWithThePlainKey()
    {
        // RS256 (PKCS#1 v1.5) is deterministic: a copy of the key signs exactly as the key.
        Jws.Sign(_payload, _key).Should().Be(Jws.Sign(_payload, _public));
    }

    [Fact]
    public void Sign_OnManyThreadsAtOnce_EverySignatureVerifies_AndEachSignerHadAnInstanceOfItsOwn()
    {
        var inUse = new ConcurrentDictionary<RSA, int>(ReferenceEqualityComparer.Instance);
        var shared = 0;
        var tokens = new ConcurrentBag<string>();
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            var rsa = _key.Rent();
            if (!inUse.TryAdd(rsa, 0))
            {
                Interlocked.Increment(ref shared);
            }
            try
            {
                tokens.Add(Jws.Sign(_payload, rsa));
            }
            finally
            {
                inUse.TryRemove(rsa, out var _);
                _key.Return(rsa);
            }
            tokens.Add(Jws.Sign(_payload, _key));
        });

        shared.Should().Be(0, "an instance is rented to one signer at a time");
        tokens.Should().HaveCount(128);
        tokens.Should().AllSatisfy(t => Jws.Verify(t, _public).IsValid.Should().BeTrue());
    }

    [Fact]
    public void Rent_AfterReturn_ReusesTheInstance_AndTwoRentersGetDistinctCopiesOfTheSameKey()
    {
        var first = _key.Rent();
        var second = _key.Rent();

        second.Should().NotBeSameAs(first);
        second.ExportSubjectPublicKeyInfo().Should().Equal(first.ExportSubjectPublicKeyInfo())
            .And.Equal(_public.ExportSubjectPublicKeyInfo()).And.Equal(_key.ExportSubjectPublicKeyInfo());

        _key.Return(second);
        _key.Rent().Should().BeSameAs(second);
        _key.Return(first);
    }

    [Fact]
    public void Return_BeyondTheIdleLimit_DisposesTheSurplus()
    {
        var rented = Enumerable.Range(0, 2 * Environment.ProcessorCount + 3).Select(_ => _key.Rent()).ToList();
        rented.ForEach(_key.Return);

        // Idle copies are kept up to twice the cores: the last ones returned were disposed.
        var disposed = rented.Where(IsDisposed).ToList();
        disposed.Should().HaveCount(3);
        Jws.Verify(Jws.Sign(_payload, _key), _public).IsValid.Should().BeTrue("the key still signs with its kept copies");
    }

    [Fact]
    public void New_WithAShortKey_IsRefused()
    {
        using var shortKey = RSA.Create(1024);

        var act = () => new RsaSigningKey(shortKey);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    private static bool IsDisposed(RSA rsa)
    {
        try
        {
            rsa.ExportSubjectPublicKeyInfo();
            return false;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }
}
