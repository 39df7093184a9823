// Where an ADD source comes from: a path in the build context (or stage), an http(s) URL to download, or a Git
// repository to clone. COPY only ever takes paths.
namespace Berth.Build;

public enum SourceKind { Path, Url, Git }
