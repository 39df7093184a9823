// Content for tests: random blobs (so no two tests share a digest by accident) and unique image configs.
using System.Security.Cryptography;
using System.Text;

namespace Berth.Registry.Tests.Support;

public static class TestContent
{
    public static byte[] Random(int size) => RandomNumberGenerator.GetBytes(size);

    public static byte[] Config() => Encoding.UTF8.GetBytes(
        $$$"""{"config":{"Labels":{"test":"{{{Guid.NewGuid():N}}}"}},"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}""");
}
