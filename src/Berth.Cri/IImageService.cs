// The CRI ImageService as the kubelet sees it: the node's images, pulled, inspected, listed and removed.
// One method per rpc with the rpc's own messages; implemented in-process by Berth.Runtime and by a gRPC client.
using Berth.Cri.V1;

namespace Berth.Cri;

/// <summary>Failures are <see cref="CriException"/>s with the status a CRI runtime would return.</summary>
public interface IImageService
{
    Task<ListImagesResponse> ListImagesAsync(ListImagesRequest request, CancellationToken ct);

    /// <summary>The image's details; an image that is not present is a response without an image, not an error.</summary>
    Task<ImageStatusResponse> ImageStatusAsync(ImageStatusRequest request, CancellationToken ct);

    /// <summary>Pulls the image with the request's credentials and returns its reference (ID or digest).</summary>
    Task<PullImageResponse> PullImageAsync(PullImageRequest request, CancellationToken ct);

    /// <summary>Removes the image. Idempotent: an absent image is success.</summary>
    Task<RemoveImageResponse> RemoveImageAsync(RemoveImageRequest request, CancellationToken ct);

    /// <summary>The space and inodes the images (and, when stored apart, the containers' layers) use.</summary>
    Task<ImageFsInfoResponse> ImageFsInfoAsync(ImageFsInfoRequest request, CancellationToken ct);
}
