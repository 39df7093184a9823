// A real directory under the system temp dir for one test, removed with everything in it afterwards
// (databases, etcd's data dir).
namespace Berth.ApiServer.Tests.Support;

sealed class TempDir : IDisposable
{
    public TempDir() => Path = Directory.CreateTempSubdirectory("berth-test-").FullName;

    public string Path { get; }

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
