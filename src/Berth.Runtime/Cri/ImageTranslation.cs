// An image in the local store as CRI's Image: its ID (config digest), every tag and repo digest bound to it, its
// size, and the user it runs as (a numeric uid, or else a name), which the kubelet checks against runAsNonRoot.
using Berth.Cri.V1;
using Berth.Runtime.Images;

namespace Berth.Runtime.Cri;

static class ImageTranslation
{
    /// <param name="names">The records of one image (same ID), one per name bound to it.</param>
    public static Image Image(IReadOnlyList<ImageRecord> names)
    {
        var first = names[0];
        var image = new Image
        {
            Id = first.Id.ToString(),
            Size = (ulong)first.Size,
            Spec = new ImageSpec { Image = first.Id.ToString() },
        };
        image.RepoTags.AddRange(names.Where(n => n.Name.Tag is not null && n.Name.Digest is null).Select(n => n.Name.ToString()).Distinct());
        image.RepoDigests.AddRange(names.Select(n => $"{n.Name.FullName}@{n.ManifestDigest}").Distinct());
        var user = (first.Config.Config?.User ?? "").Split(':')[0];
        if (long.TryParse(user, out var uid)) image.Uid = new Int64Value { Value = uid };
        else image.Username = user;
        return image;
    }
}
