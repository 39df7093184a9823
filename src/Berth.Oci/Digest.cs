// A content digest ("sha256:<hex>"), the identity of every blob, manifest and layer in the OCI model.
// Parsing validates the algorithm and the encoded part exactly as the image spec's grammar requires.
using System.Security.Cryptography;

namespace Berth.Oci;

public readonly record struct Digest
{
    public string Algorithm { get; }
    public string Hex { get; }

    Digest(string algorithm, string hex) => (Algorithm, Hex) = (algorithm, hex);

    public static Digest Parse(string text) =>
        TryParse(text, out var digest, out var error) ? digest : throw new FormatException(error);

    public static bool TryParse(string? text, out Digest digest) => TryParse(text, out digest, out _);

    public static bool TryParse(string? text, out Digest digest, out string error)
    {
        digest = default;
        if (string.IsNullOrEmpty(text)) { error = "digest is empty"; return false; }
        var colon = text.IndexOf(':');
        if (colon <= 0) { error = $"digest \"{Truncate(text)}\" has no algorithm (expected sha256:<64 hex>)"; return false; }
        var algorithm = text[..colon];
        var hex = text[(colon + 1)..];
        var length = HexLength(algorithm);
        if (length == 0) { error = $"digest algorithm \"{Truncate(algorithm)}\" is not supported (use sha256 or sha512)"; return false; }
        if (hex.Length != length || !hex.All(IsLowerHex))
        {
            error = $"digest \"{Truncate(text)}\" is invalid: {algorithm} needs {length} lowercase hex characters";
            return false;
        }
        digest = new Digest(algorithm, hex);
        error = "";
        return true;
    }

    public static Digest Of(HashAlgorithmName algorithm, byte[] hash) =>
        new(AlgorithmName(algorithm), Convert.ToHexStringLower(hash));

    public static Digest Compute(ReadOnlySpan<byte> data) => new("sha256", Convert.ToHexStringLower(SHA256.HashData(data)));

    public static Digest Compute(ReadOnlySpan<byte> data, string algorithm) => algorithm switch
    {
        "sha256" => Compute(data),
        "sha512" => new("sha512", Convert.ToHexStringLower(SHA512.HashData(data))),
        _ => throw new ArgumentException($"unsupported digest algorithm {algorithm}"),
    };

    public static async Task<Digest> ComputeAsync(Stream stream, string algorithm = "sha256", CancellationToken ct = default)
    {
        using var digester = new Digester(algorithm);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0) digester.Append(buffer.AsSpan(0, read));
        return digester.Finish();
    }

    public HashAlgorithmName HashAlgorithm => Algorithm == "sha512" ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256;

    public override string ToString() => Algorithm is null ? "" : $"{Algorithm}:{Hex}";

    static int HexLength(string algorithm) => algorithm switch { "sha256" => 64, "sha512" => 128, _ => 0 };

    static string AlgorithmName(HashAlgorithmName name) =>
        name == HashAlgorithmName.SHA512 ? "sha512" : name == HashAlgorithmName.SHA256 ? "sha256"
        : throw new ArgumentException($"unsupported digest algorithm {name}");

    static bool IsLowerHex(char c) => c is >= '0' and <= '9' or >= 'a' and <= 'f';

    static string Truncate(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
