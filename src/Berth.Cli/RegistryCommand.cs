// `berth registry` (serve the OCI distribution API) and `berth registry gc` (collect unreferenced content).
using System.CommandLine;
using Berth.Registry;
using Berth.Registry.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Berth.Cli;

static class RegistryCommand
{
    static readonly Option<string> Listen = new("--listen") { Description = "Address to listen on", DefaultValueFactory = _ => "127.0.0.1:5000" };
    static readonly Option<string?> Root = new("--root") { Description = "Storage directory (default: <data-dir>/registry)" };
    static readonly Option<string?> TlsCert = new("--tls-cert") { Description = "PEM certificate to serve HTTPS with" };
    static readonly Option<string?> TlsKey = new("--tls-key") { Description = "PEM private key of --tls-cert" };
    static readonly Option<string?> Htpasswd = new("--htpasswd") { Description = "Require basic auth from this htpasswd file (bcrypt entries: htpasswd -B)" };
    static readonly Option<bool> DisableDelete = new("--disable-delete") { Description = "Refuse DELETE of manifests, tags and blobs" };
    static readonly Option<TimeSpan> GracePeriod = new("--grace-period")
    {
        Description = "gc: never delete content younger than this (hh:mm:ss)",
        DefaultValueFactory = _ => TimeSpan.FromHours(1),
    };
    static readonly Option<bool> DryRun = new("--dry-run") { Description = "gc: report what would be deleted, delete nothing" };

    public static Command Create()
    {
        var command = new Command("registry", "Run an OCI distribution registry (the push/pull API skopeo, podman and docker use)")
        {
            Listen, Root, TlsCert, TlsKey, Htpasswd, DisableDelete, CommonOptions.LogFormat,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new RegistryOptions
            {
                Listen = parse.GetValue(Listen)!,
                Root = RootOf(parse),
                TlsCertificate = parse.GetValue(TlsCert),
                TlsKey = parse.GetValue(TlsKey),
                Htpasswd = parse.GetValue(Htpasswd),
                DeleteEnabled = !parse.GetValue(DisableDelete),
            };
            var app = RegistryServer.Build(options, logging => Logging.Configure(logging, parse.GetValue(CommonOptions.LogFormat)!));
            await app.StartAsync(ct);
            Console.Error.WriteLine($"berth registry serving {(options.TlsCertificate is null ? "http" : "https")}://{options.Listen} from {options.Root}");
            await app.WaitForShutdownAsync(ct);
            return 0;
        });

        var gc = new Command("gc", "Delete blobs and untagged manifests nothing refers to; safe while the registry serves")
        {
            Root, GracePeriod, DryRun,
        };
        gc.SetAction(async (parse, ct) =>
        {
            var storage = new RegistryStorage(new FileSystemDriver(RootOf(parse)));
            var dryRun = parse.GetValue(DryRun);
            var result = await new GarbageCollector(storage, parse.GetValue(GracePeriod), dryRun).RunAsync(ct);
            Console.WriteLine($"{(dryRun ? "would delete" : "deleted")} {result.ManifestsDeleted} manifest(s) and {result.BlobsDeleted} blob(s), " +
                $"{result.BytesFreed / (1024.0 * 1024):0.0} MiB; {result.BlobsKept} referenced blob(s) kept");
            return 0;
        });
        command.Subcommands.Add(gc);
        return command;
    }

    static string RootOf(ParseResult parse) =>
        parse.GetValue(Root) ?? Path.Combine(parse.GetValue(CommonOptions.DataDir)!, "registry");
}
