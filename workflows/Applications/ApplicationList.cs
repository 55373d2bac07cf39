using System.Buffers;
using System.Collections;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Grants.Workflows.People;
using Grants.Workflows.Storage;

namespace Grants.Workflows.Applications;

/// <summary>
/// A staff list of applications as their status rows store them (the JSON each save wrote), named for its reader. The API
/// writes each document as stored with the names put in — <c>applicantName</c> and <c>endorserName</c> first, the
/// decider's name first in <c>decision</c> — instead of reading every document into objects and writing them again: the
/// same answer for a fraction of the work, which for a director's list of hundreds of rows is most of the time Grants adds
/// to its one query. Its <c>total</c> and <c>commitment</c> are as that save computed them. Code that reads the list as
/// <see cref="Application"/>s gets each read and named when asked. A stored document that holds a name itself (none is
/// saved with one) is written the usual way, so no answer carries a name twice.
/// </summary>
[JsonConverter(typeof(Converter))]
public sealed class ApplicationList : IReadOnlyList<Application>
{
    readonly List<Row> rows;
    readonly NameBook names;

    ApplicationList(List<Row> rows, NameBook names) => (this.rows, this.names) = (rows, names);

    /// <summary>The documents in the order a list shows them (submitted, else created, first; stored order among equals), named from the directory's copy.</summary>
    public static async Task<ApplicationList> NamedAsync(IEnumerable<string> documents, PeopleSnapshot people, CancellationToken cancellationToken)
    {
        var rows = documents.Select(Row.Of).OrderBy(r => r.SubmittedAt ?? r.CreatedAt).ToList();
        return new(rows, await people.NamesAsync(rows.SelectMany(r => new[] { r.ApplicantId, r.EndorserId, r.DeciderId }), cancellationToken));
    }

    public int Count => rows.Count;

    public Application this[int index] => rows[index].Read().Named(names);

    public IEnumerator<Application> GetEnumerator()
    {
        for (var i = 0; i < rows.Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// One stored document (as stored, and in UTF-8 for the reader and the writer) with what a list needs from it, found in
    /// one pass of a reader: who it names, when it was submitted or created, and where its decision object opens.
    /// </summary>
    sealed record Row(string Document, byte[] Json, string? ApplicantId, string? EndorserId, string? DeciderId, DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt, int DecisionStart, bool HoldsNames)
    {
        public Application Read() => DocumentTable<Application>.Parse(Document);

        public static Row Of(string document)
        {
            var json = Encoding.UTF8.GetBytes(document);
            var reader = new Utf8JsonReader(json);
            var row = new Row(document, json, null, null, null, default, null, -1, false);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                row = row.WithTopLevel(ref reader);
            }

            return row;
        }

        /// <summary>Reads one top-level property (the reader on its name) and leaves the reader on the value's last token.</summary>
        Row WithTopLevel(ref Utf8JsonReader reader)
        {
            if (reader.ValueTextEquals("applicantId"u8))
            {
                reader.Read();
                return this with { ApplicantId = reader.GetString() };
            }

            if (reader.ValueTextEquals("endorserId"u8))
            {
                reader.Read();
                return this with { EndorserId = reader.GetString() };
            }

            if (reader.ValueTextEquals("createdAt"u8))
            {
                reader.Read();
                return this with { CreatedAt = reader.GetDateTimeOffset() };
            }

            if (reader.ValueTextEquals("submittedAt"u8))
            {
                reader.Read();
                return this with { SubmittedAt = reader.TokenType == JsonTokenType.Null ? null : reader.GetDateTimeOffset() };
            }

            var named = reader.ValueTextEquals("applicantName"u8) || reader.ValueTextEquals("endorserName"u8);
            var decision = reader.ValueTextEquals("decision"u8);
            reader.Read();
            if (decision && reader.TokenType == JsonTokenType.StartObject)
            {
                return WithDecision(ref reader);
            }

            reader.Skip();
            return named ? this with { HoldsNames = true } : this;
        }

        /// <summary>Reads the decision object (the reader on its start) for the decider, and leaves the reader on its end.</summary>
        Row WithDecision(ref Utf8JsonReader reader)
        {
            var row = this with { DecisionStart = (int)reader.TokenStartIndex };
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var (decider, named) = (reader.ValueTextEquals("deciderId"u8), reader.ValueTextEquals("deciderName"u8));
                reader.Read();
                row = decider ? row with { DeciderId = reader.GetString() } : named ? row with { HoldsNames = true } : row;
                reader.Skip();
            }

            return row;
        }

        /// <summary>The document with the names put in, as one JSON value.</summary>
        public void WriteNamed(IBufferWriter<byte> output, NameBook names)
        {
            output.Write("{"u8);
            Name(output, "applicantName"u8, names[ApplicantId], ","u8);
            Name(output, "endorserName"u8, names[EndorserId], ","u8);
            if (DecisionStart < 0)
            {
                output.Write(Json.AsSpan(1));
                return;
            }

            output.Write(Json.AsSpan(1, DecisionStart));
            Name(output, "deciderName"u8, names[DeciderId], Json[DecisionStart + 1] == (byte)'}' ? ""u8 : ","u8);
            output.Write(Json.AsSpan(DecisionStart + 1));
        }

        static void Name(IBufferWriter<byte> output, ReadOnlySpan<byte> property, string? name, ReadOnlySpan<byte> separator)
        {
            if (name is null)
            {
                return;
            }

            output.Write("\""u8);
            output.Write(property);
            output.Write("\":\""u8);
            output.Write(JsonEncodedText.Encode(name, GrantsJson.Options.Encoder).EncodedUtf8Bytes);
            output.Write("\""u8);
            output.Write(separator);
        }
    }

    /// <summary>Writes the list as stored documents with names put in; a list is never read from JSON.</summary>
    sealed class Converter : JsonConverter<ApplicationList>
    {
        public override ApplicationList Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("An application list is written, never read.");

        public override void Write(Utf8JsonWriter writer, ApplicationList value, JsonSerializerOptions options)
        {
            var element = new ArrayBufferWriter<byte>(4096);
            writer.WriteStartArray();
            foreach (var row in value.rows)
            {
                if (row.HoldsNames)
                {
                    JsonSerializer.Serialize(writer, row.Read().Named(value.names), options);
                    continue;
                }

                element.ResetWrittenCount();
                row.WriteNamed(element, value.names);
                writer.WriteRawValue(element.WrittenSpan, skipInputValidation: true);
            }

            writer.WriteEndArray();
        }
    }
}
