// A loopback port nothing listens on right now, for servers that must be told their port up front
// (docker-registry) and for a registry address that refuses connections.
using System.Net;
using System.Net.Sockets;

namespace Berth.Distribution.Tests.Support;

static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
