// Incremental hashing of a byte stream into a Digest, for verifying content while it streams.
using System.Security.Cryptography;

namespace Berth.Oci;

public sealed class Digester : IDisposable
{
    readonly IncrementalHash _hash;
    readonly string _algorithm;

    public Digester(string algorithm = "sha256")
    {
        _algorithm = algorithm;
        _hash = algorithm switch
        {
            "sha256" => IncrementalHash.CreateHash(HashAlgorithmName.SHA256),
            "sha512" => IncrementalHash.CreateHash(HashAlgorithmName.SHA512),
            _ => throw new ArgumentException($"digest algorithm \"{algorithm}\" is not supported (use sha256 or sha512)"),
        };
    }

    public long Length { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        _hash.AppendData(data);
        Length += data.Length;
    }

    /// <summary>The digest of everything appended so far; the digester can go on afterwards.</summary>
    public Digest Current() => Digest.Parse($"{_algorithm}:{Convert.ToHexStringLower(_hash.GetCurrentHash())}");

    public Digest Finish() => Digest.Parse($"{_algorithm}:{Convert.ToHexStringLower(_hash.GetHashAndReset())}");

    public void Dispose() => _hash.Dispose();
}
