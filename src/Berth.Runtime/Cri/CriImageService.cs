// The CRI ImageService over Berth's ImageStore and ImageTransfer: pull (with the kubelet's pull secret), list,
// status, untag and the image file system's usage. Image IDs are config digests, as containerd reports them.
using System.Text;
using Berth.Cri;
using Berth.Cri.V1;
using Berth.Distribution;
using Berth.Oci;
using Berth.Runtime.Images;

namespace Berth.Runtime.Cri;

public sealed class CriImageService(string dataDirectory, ImageStore images, RegistryClientOptions? registryOptions = null) : IImageService
{
    readonly RegistryClientOptions _registryOptions = registryOptions ?? new RegistryClientOptions { Credentials = AuthFile.FromEnvironment() };

    public Task<ListImagesResponse> ListImagesAsync(ListImagesRequest request, CancellationToken ct) => CriErrors.Translate(async () =>
    {
        var records = request.Filter?.Image is { Image.Length: > 0 } spec
            ? await ImageResolver.ResolveAsync(images, spec.Image, ct)
            : await images.ListAsync(ct);
        var response = new ListImagesResponse();
        response.Images.AddRange(records.GroupBy(r => r.Id).Select(g => ImageTranslation.Image(g.ToList())));
        return response;
    });

    public Task<ImageStatusResponse> ImageStatusAsync(ImageStatusRequest request, CancellationToken ct) => CriErrors.Translate(async () =>
    {
        var records = await ImageResolver.ResolveAsync(images, request.Image?.Image ?? "", ct);
        // CRI: an absent image is a response without an image, so the kubelet knows to pull it.
        return records.Count == 0 ? new ImageStatusResponse() : new ImageStatusResponse { Image = ImageTranslation.Image(records) };
    });

    public Task<PullImageResponse> PullImageAsync(PullImageRequest request, CancellationToken ct) => CriErrors.Translate(async () =>
    {
        var text = request.Image?.Image ?? "";
        if (!ImageReference.TryParse(text, out var reference))
            throw CriErrors.InvalidArgument($"\"{text}\" is not a valid image reference: give one like docker.io/library/busybox:1.36");
        var options = request.Auth is { } auth ? _registryOptions with { Credentials = Credentials(auth, reference) } : _registryOptions;
        var pulled = await new ImageTransfer(images, options).PullAsync(reference, null, ct);
        return new PullImageResponse { ImageRef = pulled.Id.ToString() };
    });

    public Task<RemoveImageResponse> RemoveImageAsync(RemoveImageRequest request, CancellationToken ct) => CriErrors.Translate(async () =>
    {
        var text = request.Image?.Image ?? "";
        var records = await ImageResolver.ResolveAsync(images, text, ct);
        // A tag removes that name only; an ID or digest removes the image, so every name bound to it.
        var untag = ImageReference.TryParse(text, out var reference) && reference.Digest is null && records.Any(r => r.Name.Equals(reference))
            ? records.Where(r => r.Name.Equals(reference))
            : records;
        foreach (var record in untag) await images.UntagAsync(record.Name, ct);
        return new RemoveImageResponse();
    });

    public Task<ImageFsInfoResponse> ImageFsInfoAsync(ImageFsInfoRequest request, CancellationToken ct) => CriErrors.Translate(() =>
    {
        // Images are their blobs and their unpacked snapshots; containers' upper dirs live elsewhere and are not counted.
        var (bytes, inodes) = (0UL, 0UL);
        foreach (var root in new[] { "content", "snapshots" }.Select(d => Path.Combine(Path.GetFullPath(dataDirectory), d)).Where(Directory.Exists))
        {
            foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            {
                inodes++;
                if (entry is FileInfo { LinkTarget: null } file) bytes += (ulong)file.Length;
            }
        }
        var usage = new FilesystemUsage
        {
            Timestamp = CriTime.Now(),
            FsId = new FilesystemIdentifier { Mountpoint = Path.GetFullPath(dataDirectory) },
            UsedBytes = new UInt64Value { Value = bytes },
            InodesUsed = new UInt64Value { Value = inodes },
        };
        return Task.FromResult(new ImageFsInfoResponse { ImageFilesystems = { usage } });
    });

    /// <summary>The pull secret the kubelet passes, for the image's registry only.</summary>
    static CredentialSource Credentials(AuthConfig auth, ImageReference reference)
    {
        if (auth.IdentityToken.Length > 0 || auth.RegistryToken.Length > 0)
            throw CriErrors.Unimplemented("PullImage with identity_token or registry_token", "only username/password (or auth) pull secrets are supported: use a docker-registry secret with a password");
        var (user, password) = (auth.Username, auth.Password);
        if (user.Length == 0 && auth.Auth.Length > 0)
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth.Auth));
            var colon = decoded.IndexOf(':');
            if (colon < 0) throw CriErrors.InvalidArgument("auth is not base64 of \"username:password\": fix the pull secret");
            (user, password) = (decoded[..colon], decoded[(colon + 1)..]);
        }
        var credentials = user.Length == 0 ? null : new RegistryCredentials(user, password);
        return registry => registry == reference.Registry ? credentials : null;
    }
}
