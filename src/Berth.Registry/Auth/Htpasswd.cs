// Basic-auth users from an htpasswd file of bcrypt entries (as `htpasswd -B` writes them), checked with
// the system's libcrypt. Verified credentials are remembered by hash so bcrypt does not run per request.
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Berth.Registry.Auth;

public sealed partial class Htpasswd
{
    readonly Dictionary<string, string> _hashes;
    readonly ConcurrentDictionary<string, bool> _verified = new();
    static readonly Lock CryptLock = new();

    Htpasswd(Dictionary<string, string> hashes) => _hashes = hashes;

    public static Htpasswd Load(string path)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var colon = line.IndexOf(':');
            if (colon <= 0) throw new FormatException($"{path}:{number}: expected user:hash");
            var hash = line[(colon + 1)..];
            if (!hash.StartsWith("$2y$") && !hash.StartsWith("$2b$") && !hash.StartsWith("$2a$"))
                throw new FormatException($"{path}:{number}: only bcrypt entries are supported; create them with htpasswd -B");
            hashes[line[..colon]] = hash;
        }
        return new Htpasswd(hashes);
    }

    public bool Verify(string user, string password)
    {
        if (!_hashes.TryGetValue(user, out var hash)) return false;
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{user}\0{password}\0{hash}")));
        if (_verified.ContainsKey(key)) return true;
        bool ok;
        lock (CryptLock)
        {
            var result = crypt(password, hash);
            ok = result != 0 && CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(Marshal.PtrToStringUTF8(result) ?? ""), Encoding.ASCII.GetBytes(hash));
        }
        if (ok) _verified[key] = true;
        return ok;
    }

    /// <summary>Checks an Authorization header value ("Basic base64(user:password)").</summary>
    public bool VerifyHeader(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim())); }
        catch (FormatException) { return false; }
        var colon = decoded.IndexOf(':');
        return colon > 0 && Verify(decoded[..colon], decoded[(colon + 1)..]);
    }

    // crypt(3) from libxcrypt, which implements bcrypt ($2b$/$2y$); its result buffer is static, hence the lock.
    [LibraryImport("libcrypt.so.1", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint crypt(string key, string setting);
}
