// Where the API server keeps its certificates and token, where it listens, and the store it serves from.
using System.Net;
using Berth.ApiServer.Storage;
using Microsoft.Extensions.Logging;

namespace Berth.ApiServer.Hosting;

public sealed record ApiServerOptions
{
    public required string DataDir { get; init; }
    public required IKeyValueStore Store { get; init; }
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;
    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; } = 6443;
    public Action<ILoggingBuilder>? Logging { get; init; }
}
