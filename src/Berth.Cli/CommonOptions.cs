// Options every berth command takes: where state lives, so tests and several instances never share it by accident.
using System.CommandLine;

namespace Berth.Cli;

static class CommonOptions
{
    public static readonly Option<string> DataDir = new("--data-dir")
    {
        Description = "Directory for Berth's persistent state (env BERTH_DATA_DIR)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BERTH_DATA_DIR") ?? "/var/lib/berth",
        Recursive = true,
    };

    public static readonly Option<string> RunDir = new("--run-dir")
    {
        Description = "Directory for runtime state such as sockets and locks (env BERTH_RUN_DIR)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BERTH_RUN_DIR") ?? "/run/berth",
        Recursive = true,
    };

    public static readonly Option<string> LogFormat = new("--log-format")
    {
        Description = "Log lines as text or json",
        DefaultValueFactory = _ => "text",
        Recursive = true,
    };

    static CommonOptions() => LogFormat.AcceptOnlyFromAmong("text", "json");
}
