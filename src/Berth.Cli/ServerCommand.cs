// `berth server`: the control plane of a Berth cluster. For now it serves the Kubernetes API over HTTPS from
// SQLite (or etcd with --datastore-endpoint), compacts history, writes a kubeconfig, and stops cleanly on SIGTERM.
using System.CommandLine;
using System.Net;
using Berth.ApiServer.Hosting;
using Berth.ApiServer.Storage;
using Berth.ApiServer.Storage.Etcd;
using Berth.ApiServer.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace Berth.Cli;

static class ServerCommand
{
    static readonly Option<string> BindAddress = new("--bind-address") { Description = "Address the API server listens on", DefaultValueFactory = _ => "127.0.0.1" };
    static readonly Option<int> Port = new("--https-listen-port") { Description = "HTTPS port of the API server", DefaultValueFactory = _ => 6443 };
    static readonly Option<string?> WriteKubeconfig = new("--write-kubeconfig") { Description = "Write an admin kubeconfig for this server to this path" };
    static readonly Option<string?> DatastoreEndpoint = new("--datastore-endpoint") { Description = "etcd endpoint (http://host:2379) instead of the embedded SQLite store" };
    static readonly Option<bool> DisableAgent = new("--disable-agent") { Description = "Do not run a kubelet on this node (the agent is not part of berth yet)" };

    public static Command Create()
    {
        var command = new Command("server", "Run the control plane: the Kubernetes API server (kubectl talks to it)")
        {
            BindAddress, Port, WriteKubeconfig, DatastoreEndpoint, DisableAgent, CommonOptions.LogFormat,
        };
        command.SetAction(async (parse, ct) =>
        {
            var dataDir = Path.GetFullPath(parse.GetValue(CommonOptions.DataDir)!);
            var serverDir = Path.Combine(dataDir, "server");
            Directory.CreateDirectory(serverDir);
            using var logs = LoggerFactory.Create(b => Logging.Configure(b, parse.GetValue(CommonOptions.LogFormat)!));
            await using IKeyValueStore store = parse.GetValue(DatastoreEndpoint) is { } endpoint
                ? new EtcdStore(new Uri(endpoint))
                : SqliteStore.Open(Path.Combine(serverDir, "state.db"), logger: logs.CreateLogger<SqliteStore>());
            await using var compactor = new Compactor(store, logger: logs.CreateLogger<Compactor>());
            await using var server = await ApiServerHost.StartAsync(new ApiServerOptions
            {
                DataDir = serverDir, Store = store, BindAddress = IPAddress.Parse(parse.GetValue(BindAddress)!), Port = parse.GetValue(Port),
                Logging = b => Logging.Configure(b, parse.GetValue(CommonOptions.LogFormat)!),
            }, ct);
            if (parse.GetValue(WriteKubeconfig) is { } kubeconfig) await server.WriteKubeconfigAsync(kubeconfig, ct);
            logs.CreateLogger("Berth.Server").LogInformation("API server listening on {Url}, data in {DataDir}", server.Url, serverDir);
            try { await Task.Delay(Timeout.Infinite, ct); }
            catch (OperationCanceledException) { }
            return 0;
        });
        return command;
    }
}
