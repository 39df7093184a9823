// A real directory under the system temp dir for one test (content stores, registry roots, auth files),
// removed with everything in it afterwards.
namespace Berth.Distribution.Tests.Support;

sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("berth-dist-test-").FullName;

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
