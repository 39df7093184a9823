// A real directory under the system temp dir for one test, removed with everything in it afterwards.
namespace Berth.Oci.Tests.Support;

sealed class TempDir : IDisposable
{
    public TempDir() => Path = Directory.CreateTempSubdirectory("berth-test-").FullName;

    public string Path { get; }

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    /// <summary>A new empty directory inside this one.</summary>
    public string Make(string relative) => Directory.CreateDirectory(this[relative]).FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
