// Field numbers of the Kubernetes messages that kubectl 1.32's typed `create` commands send as protobuf
// (namespace, configmap, secret, deployment and what they contain), from k8s.io/api and apimachinery's
// generated.proto. A field is "number:jsonName:type"; types: s string, i int (omitted when 0), ip optional int
// (kept when 0), b bool, y bytes, t Time, q Quantity, ios IntOrString, m:<Message>, map:<s|y|q>; a leading [] repeats.
namespace Berth.ApiServer.Protobuf;

public sealed record ProtoField(int Number, string Name, string Type, bool Repeated);

public static class ProtoSchema
{
    static readonly Dictionary<string, string> Messages = new()
    {
        ["ObjectMeta"] = "1:name:s 2:generateName:s 3:namespace:s 4:selfLink:s 5:uid:s 6:resourceVersion:s 7:generation:i 8:creationTimestamp:t " +
            "9:deletionTimestamp:t 10:deletionGracePeriodSeconds:ip 11:labels:map:s 12:annotations:map:s 13:ownerReferences:[]m:OwnerReference 14:finalizers:[]s",
        ["OwnerReference"] = "1:kind:s 3:name:s 4:uid:s 5:apiVersion:s 6:controller:b 7:blockOwnerDeletion:b",
        ["Namespace"] = "1:metadata:m:ObjectMeta 2:spec:m:NamespaceSpec 3:status:m:NamespaceStatus",
        ["NamespaceSpec"] = "1:finalizers:[]s",
        ["NamespaceStatus"] = "1:phase:s",
        ["ConfigMap"] = "1:metadata:m:ObjectMeta 2:data:map:s 3:binaryData:map:y 4:immutable:b",
        ["Secret"] = "1:metadata:m:ObjectMeta 2:data:map:y 3:type:s 4:stringData:map:s 5:immutable:b",
        ["Deployment"] = "1:metadata:m:ObjectMeta 2:spec:m:DeploymentSpec 3:status:m:Empty",
        ["DeploymentSpec"] = "1:replicas:ip 2:selector:m:LabelSelector 3:template:m:PodTemplateSpec 4:strategy:m:DeploymentStrategy " +
            "5:minReadySeconds:i 6:revisionHistoryLimit:ip 7:paused:b 9:progressDeadlineSeconds:ip",
        ["DeploymentStrategy"] = "1:type:s 2:rollingUpdate:m:RollingUpdateDeployment",
        ["RollingUpdateDeployment"] = "1:maxUnavailable:ios 2:maxSurge:ios",
        ["LabelSelector"] = "1:matchLabels:map:s 2:matchExpressions:[]m:LabelSelectorRequirement",
        ["LabelSelectorRequirement"] = "1:key:s 2:operator:s 3:values:[]s",
        ["PodTemplateSpec"] = "1:metadata:m:ObjectMeta 2:spec:m:PodSpec",
        ["PodSpec"] = "2:containers:[]m:Container 3:restartPolicy:s 4:terminationGracePeriodSeconds:ip 5:activeDeadlineSeconds:ip 6:dnsPolicy:s " +
            "7:nodeSelector:map:s 8:serviceAccountName:s 10:nodeName:s 11:hostNetwork:b 16:hostname:s 17:subdomain:s 19:schedulerName:s " +
            "20:initContainers:[]m:Container",
        ["Container"] = "1:name:s 2:image:s 3:command:[]s 4:args:[]s 5:workingDir:s 6:ports:[]m:ContainerPort 7:env:[]m:EnvVar " +
            "8:resources:m:ResourceRequirements 13:terminationMessagePath:s 14:imagePullPolicy:s 16:stdin:b 17:stdinOnce:b 18:tty:b 20:terminationMessagePolicy:s",
        ["ContainerPort"] = "1:name:s 2:hostPort:i 3:containerPort:i 4:protocol:s 5:hostIP:s",
        ["EnvVar"] = "1:name:s 2:value:s",
        ["ResourceRequirements"] = "1:limits:map:q 2:requests:map:q",
        ["Empty"] = "",
    };

    static readonly Dictionary<string, Dictionary<int, ProtoField>> Parsed = Messages.ToDictionary(m => m.Key, m => Parse(m.Value));

    /// <summary>The fields of <paramref name="message"/>, or null when Berth has no schema for it.</summary>
    public static IReadOnlyDictionary<int, ProtoField>? Fields(string message) => Parsed.GetValueOrDefault(message);

    static Dictionary<int, ProtoField> Parse(string spec) =>
        spec.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(f =>
        {
            var parts = f.Split(':', 3);
            var repeated = parts[2].StartsWith("[]");
            return new ProtoField(int.Parse(parts[0]), parts[1], repeated ? parts[2][2..] : parts[2], repeated);
        }).ToDictionary(f => f.Number);
}
