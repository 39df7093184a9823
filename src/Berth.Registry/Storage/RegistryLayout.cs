// Where each thing lives in the storage driver's namespace. Blobs are stored once, content-addressed;
// repositories hold only small link files naming them (the distribution registry's layout, simplified).
using Berth.Oci;

namespace Berth.Registry.Storage;

public static class RegistryLayout
{
    public const string Blobs = "blobs";
    public const string Repositories = "repositories";

    public static string BlobDirectory(Digest d) => $"{Blobs}/{d.Algorithm}/{d.Hex[..2]}/{d.Hex}";
    public static string BlobData(Digest d) => $"{BlobDirectory(d)}/data";

    public static string Repository(string name) => $"{Repositories}/{name}";
    public static string LayerLink(string name, Digest d) => $"{Repository(name)}/_layers/{d.Algorithm}/{d.Hex}/link";
    public static string LayerLinks(string name) => $"{Repository(name)}/_layers";

    public static string Revisions(string name) => $"{Repository(name)}/_manifests/revisions";
    public static string Revision(string name, Digest d) => $"{Revisions(name)}/{d.Algorithm}/{d.Hex}/link";

    public static string Tags(string name) => $"{Repository(name)}/_manifests/tags";
    public static string Tag(string name, string tag) => $"{Tags(name)}/{tag}/current/link";

    public static string Referrers(string name, Digest subject) => $"{Repository(name)}/_manifests/referrers/{subject.Algorithm}/{subject.Hex}";
    public static string Referrer(string name, Digest subject, Digest referrer) => $"{Referrers(name, subject)}/{referrer.Algorithm}-{referrer.Hex}";

    public static string Uploads(string name) => $"{Repository(name)}/_uploads";
    public static string Upload(string name, string id) => $"{Uploads(name)}/{id}";
    public static string UploadData(string name, string id) => $"{Upload(name, id)}/data";
}
