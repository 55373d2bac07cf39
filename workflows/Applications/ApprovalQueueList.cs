using System.Buffers;
using System.Collections;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grants.Workflows.Applications;

/// <summary>
/// The approver's queue as the API writes it: each item's <c>application</c> is its document as its status row stores it,
/// written out as it is (the rest of the item is written as usual), instead of the document read into an object and
/// written again — for a queue of hundreds, most of the time Grants adds to its one query. An item whose document was
/// not read as stored (old copies still being moved) is written the usual way.
/// </summary>
[JsonConverter(typeof(Converter))]
public sealed class ApprovalQueueList(List<(ApprovalQueueItem Item, string? Json)> items) : IReadOnlyList<ApprovalQueueItem>
{
    readonly List<(ApprovalQueueItem Item, string? Json)> items = items;

    public int Count => items.Count;

    public ApprovalQueueItem this[int index] => items[index].Item;

    public IEnumerator<ApprovalQueueItem> GetEnumerator() => items.Select(i => i.Item).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Writes each item with its stored document in place of the object; a queue is never read from JSON.</summary>
    sealed class Converter : JsonConverter<ApprovalQueueList>
    {
        public override ApprovalQueueList Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("An approval queue is written, never read.");

        public override void Write(Utf8JsonWriter writer, ApprovalQueueList value, JsonSerializerOptions options)
        {
            var element = new ArrayBufferWriter<byte>(4096);
            writer.WriteStartArray();
            foreach (var (item, json) in value.items)
            {
                if (json is null)
                {
                    JsonSerializer.Serialize(writer, item, options);
                    continue;
                }

                // The item without its application (null is not written), then the stored document put in as its first property.
                var rest = JsonSerializer.SerializeToUtf8Bytes(item with { Application = null! }, options);
                element.ResetWrittenCount();
                element.Write("{\"application\":"u8);
                element.Write(Encoding.UTF8.GetBytes(json));
                element.Write(rest.Length > 2 ? ","u8 : ""u8);
                element.Write(rest.AsSpan(1));
                writer.WriteRawValue(element.WrittenSpan, skipInputValidation: true);
            }

            writer.WriteEndArray();
        }
    }
}
