// Writes a kubeconfig for the admin: the server URL, the cluster CA inline (so TLS is verified), and the token.
using System.Text;

namespace Berth.ApiServer.Hosting;

public static class Kubeconfig
{
    public static async Task WriteAsync(string path, Uri server, string caPath, string token, CancellationToken ct)
    {
        var ca = Convert.ToBase64String(await File.ReadAllBytesAsync(caPath, ct));
        var yaml = new StringBuilder()
            .AppendLine("apiVersion: v1").AppendLine("kind: Config")
            .AppendLine("clusters:").AppendLine("- name: berth").AppendLine("  cluster:")
            .AppendLine($"    server: {server.ToString().TrimEnd('/')}").AppendLine($"    certificate-authority-data: {ca}")
            .AppendLine("users:").AppendLine("- name: admin").AppendLine("  user:").AppendLine($"    token: {token}")
            .AppendLine("contexts:").AppendLine("- name: berth").AppendLine("  context:").AppendLine("    cluster: berth")
            .AppendLine("    user: admin").AppendLine("    namespace: default")
            .AppendLine("current-context: berth").ToString();
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(path, "", ct);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await File.WriteAllTextAsync(path, yaml, ct);
    }
}
