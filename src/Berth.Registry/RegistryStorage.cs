// The registry's stores over one storage driver, shared by the server's handlers and the garbage collector.
using Berth.Registry.Storage;

namespace Berth.Registry;

public sealed class RegistryStorage
{
    public RegistryStorage(IStorageDriver driver)
    {
        Driver = driver;
        Blobs = new BlobStore(driver);
        Uploads = new UploadStore(driver, Blobs);
        Manifests = new ManifestStore(driver, Blobs);
    }

    public IStorageDriver Driver { get; }
    public BlobStore Blobs { get; }
    public UploadStore Uploads { get; }
    public ManifestStore Manifests { get; }
}
