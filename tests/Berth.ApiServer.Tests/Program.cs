// The test assembly's entry point, used only when a test starts this assembly as a child process
// (`dotnet Berth.ApiServer.Tests.dll crash-writer DB`); the test runner never calls it.
using Berth.ApiServer.Tests.Support;

namespace Berth.ApiServer.Tests;

public static class Program
{
    public static async Task<int> Main(string[] args) => args switch
    {
        ["crash-writer", var database] => await CrashWriter.RunAsync(database),
        _ => Usage(),
    };

    static int Usage()
    {
        Console.Error.WriteLine("usage: Berth.ApiServer.Tests crash-writer DATABASE");
        return 2;
    }
}
