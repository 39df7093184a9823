// A registry a test pushes to and pulls from: Berth's own in-process, or distribution's docker-registry process,
// so the same tests check the client against both.
namespace Berth.Distribution.Tests.Support;

interface ITestRegistry : IAsyncDisposable
{
    /// <summary>The registry as image references name it: "127.0.0.1:PORT".</summary>
    string Address { get; }
}
