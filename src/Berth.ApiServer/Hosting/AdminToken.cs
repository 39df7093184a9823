// The admin bearer token: read from <data-dir>/token, or made (256 random bits) on first start and kept there
// readable only by its owner; clients present it as `Authorization: Bearer <token>`.
using System.Security.Cryptography;

namespace Berth.ApiServer.Hosting;

public static class AdminToken
{
    public static string LoadOrCreate(string dataDir)
    {
        var path = Path.Combine(dataDir, "token");
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(path, "");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, token + "\n");
        return token;
    }
}
