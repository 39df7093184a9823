// etcd v3 API messages as its JSON gateway reads and writes them (rpc.proto, kv.proto): snake_case names,
// int64 as strings, bytes as base64. Only the fields Berth uses; absent fields are proto3 defaults.
using System.Text.Json.Serialization;

namespace Berth.ApiServer.Storage.Etcd;

sealed record RangeRequest(byte[] Key, byte[]? RangeEnd = null, long? Limit = null, long? Revision = null, bool? CountOnly = null);

sealed record PutRequest(byte[] Key, byte[] Value, bool? PrevKv = null);

sealed record DeleteRangeRequest(byte[] Key, bool? PrevKv = null);

/// <param name="Target">CREATE or MOD: which revision of the key to compare.</param>
/// <param name="Result">EQUAL, GREATER, LESS or NOT_EQUAL.</param>
sealed record Compare(string Target, string Result, byte[] Key, long? CreateRevision = null, long? ModRevision = null);

sealed record RequestOp(RangeRequest? RequestRange = null, PutRequest? RequestPut = null, DeleteRangeRequest? RequestDeleteRange = null);

sealed record TxnRequest(Compare[] Compare, RequestOp[] Success, RequestOp[] Failure);

sealed record CompactionRequest(long Revision, bool Physical);

sealed record WatchRequest(WatchCreateRequest CreateRequest);

sealed record WatchCreateRequest(byte[] Key, byte[] RangeEnd, long StartRevision, bool PrevKv);

sealed record ResponseHeader(long Revision);

sealed record MvccKeyValue(byte[]? Key, byte[]? Value, long CreateRevision, long ModRevision, long Version);

sealed record RangeResponse(ResponseHeader Header, MvccKeyValue[]? Kvs, bool More, long Count);

sealed record PutResponse(ResponseHeader Header, MvccKeyValue? PrevKv);

sealed record DeleteRangeResponse(ResponseHeader Header, long Deleted, MvccKeyValue[]? PrevKvs);

sealed record ResponseOp(RangeResponse? ResponseRange, PutResponse? ResponsePut, DeleteRangeResponse? ResponseDeleteRange);

sealed record TxnResponse(ResponseHeader Header, bool Succeeded, ResponseOp[]? Responses);

sealed record CompactionResponse(ResponseHeader Header);

/// <summary>One line of the watch stream: a response, or an error the gateway reports in the stream.</summary>
sealed record WatchStreamLine(WatchResponse? Result, GatewayError? Error);

/// <param name="Type">absent for PUT, "DELETE" for a delete.</param>
sealed record MvccEvent(string? Type, MvccKeyValue Kv, MvccKeyValue? PrevKv);

sealed record WatchResponse(ResponseHeader? Header, bool Created, bool Canceled, long CompactRevision, string? CancelReason, MvccEvent[]? Events);

/// <summary>The body of a failed gateway call: the gRPC status code and etcd's message.</summary>
sealed record GatewayError(string? Error, string? Message, int Code);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
[JsonSerializable(typeof(RangeRequest))]
[JsonSerializable(typeof(RangeResponse))]
[JsonSerializable(typeof(TxnRequest))]
[JsonSerializable(typeof(TxnResponse))]
[JsonSerializable(typeof(CompactionRequest))]
[JsonSerializable(typeof(CompactionResponse))]
[JsonSerializable(typeof(WatchRequest))]
[JsonSerializable(typeof(WatchStreamLine))]
[JsonSerializable(typeof(GatewayError))]
sealed partial class EtcdJsonContext : JsonSerializerContext;
