using System.Net.Sockets;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Grants.Api;
using Grants.Workflows.Applications;
using Grants.Workflows.Demo;
using static Grants.Tests.Orchestration.WorkflowHarness;

namespace Grants.Tests.Security;

/// <summary>
/// Property-based hostile input: FsCheck generates requests — random and malformed JSON, multipart bodies, principals
/// (valid, absent, broken base64, broken JSON), header values, query strings, ids, and Content-Length values that lie —
/// and sends each, byte for byte over a raw socket, at a route of <see cref="ApiRoutes.All"/>. Every answer must be below
/// 500, and every refused request (any answer but 2xx) must leave every table and blob as it was.
/// </summary>
[Trait("Kind", "Orchestration")]
public sealed class FuzzTests
{
    /// <summary>Requests at routes drawn at random, after <see cref="PerRoute"/> at each route.</summary>
    const int Cases = 120;

    const int PerRoute = 3;

    /// <summary>The status recorded when the connection was reset before an answer could be read.</summary>
    const int Reset = 0;

    static string LastRaw = "";

    static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();

    /// <summary>One generated request; <see cref="ContentLength"/> is what the header claims, which need not be the body's length.</summary>
    sealed record FuzzRequest(ApiRoute Route, string Method, string Target, IReadOnlyList<(string Name, string Value)> Headers, byte[] Body, long ContentLength)
    {
        public override string ToString() =>
            $"{Method} {Target} [{Route.Name}] Content-Length: {ContentLength} (body {Body.Length} bytes)\n  "
            + string.Join("\n  ", Headers.Select(h => $"{h.Name}: {Cut(h.Value)}"))
            + $"\n  body: {Cut(Encoding.UTF8.GetString(Body))}";

        static string Cut(string text) => text.Length > 300 ? text[..300] + "…" : text;
    }

    [Fact]
    public async Task Random_and_malformed_requests_at_every_route_never_answer_5xx_and_refused_ones_change_nothing()
    {
        await using var host = await ApiHost.StartAsync();
        var (draft, _) = Ok(await host.Harness.Drafts.CreateDraftAsync(Researcher, Draft(), idempotencyKey: null));
        using (var pdf = new MemoryStream(Pdf))
        {
            Ok(await host.Harness.Documents.AddDocumentAsync(Researcher, draft.Id, new DocumentUpload("invoice", "請求書.pdf", "application/pdf", pdf, Pdf.Length)));
        }

        var documentId = (await host.Harness.Applications.GetAsync(draft.Id))!.Value.Documents.Single().Id;
        // Every route is hit at least a few times, whatever the random part of the sample draws.
        var requests = ApiRoutes.All
            .SelectMany(route => Requests(Gen.Constant(route), draft.Id, documentId).Sample(PerRoute, 30))
            .Concat(Requests(Gen.Elements(ApiRoutes.All.ToArray()), draft.Id, documentId).Sample(Cases, 30))
            .ToArray();
        Assert.Equal(Cases + (PerRoute * ApiRoutes.All.Count), requests.Length);
        Assert.Equal(ApiRoutes.All.Count, requests.Select(r => r.Route).Distinct().Count());

        var failures = new List<string>();
        var before = await StorageSnapshot.TakeAsync(host.Storage);
        foreach (var request in requests)
        {
            var status = await SendAsync(host.BaseAddress, request);
            var after = await StorageSnapshot.TakeAsync(host.Storage);
            if (status is >= 500 || (status is null && request.ContentLength <= request.Body.Length))
            {
                failures.Add($"answered {status?.ToString() ?? "nothing"} {LastRaw}: {request}");
            }
            else if (status is < 200 or >= 300 && after != before)
            {
                failures.Add($"refused with {status} but changed storage: {request}");
            }

            before = after;
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {requests.Length} requests failed:\n" + string.Join("\n\n", failures.Take(10)));
        Assert.DoesNotContain(host.Log.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) && line.Contains(" failed ", StringComparison.Ordinal));
    }

    static Gen<FuzzRequest> Requests(Gen<ApiRoute> routes, string applicationId, string documentId) =>
        from route in routes
        from method in Gen.Frequency((9, Gen.Constant(route.Method)), (1, Gen.Elements("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")))
        from id in Gen.Frequency((4, Gen.Constant(applicationId)), (1, Hex(16).Select(h => "APP-" + h)), (1, Gen.Elements(DemoData.People.Select(p => p.Id).ToArray())), (1, Gen.Elements(HostileNames)), (2, Text(Printable, 40)))
        from docId in Gen.Frequency((2, Gen.Constant(documentId)), (1, Hex(16).Select(h => "DOC-" + h)), (1, Text(Printable, 30)))
        from query in Query()
        from principal in Principal(route)
        from body in Body()
        from extra in Gen.ListOf(Header(), 4)
        from lie in Gen.Frequency((12, Gen.Constant(0L)), (1, Gen.Choose(1, 5000).Select(n => (long)n)), (1, Gen.Constant(10_000_000_000L)), (1, Gen.Choose(-5000, -1).Select(n => (long)n)))
        let path = "/api/" + route.Template.Replace("{id}", Uri.EscapeDataString(id), StringComparison.Ordinal)
            .Replace("{subject}", Uri.EscapeDataString(id), StringComparison.Ordinal)
            .Replace("{docId}", Uri.EscapeDataString(docId), StringComparison.Ordinal)
        let headers = principal.Concat(body.ContentType is null ? [] : [("Content-Type", body.ContentType)]).Concat(extra).ToList()
        select new FuzzRequest(route, method, path + query, headers, body.Bytes, Math.Max(0, body.Bytes.Length + lie));

    /// <summary>Valid principals of the demo people (never the draft's owner where an empty request would act: submit, withdraw), none, or broken ones.</summary>
    static Gen<IEnumerable<(string, string)>> Principal(ApiRoute route)
    {
        var people = new List<(string Id, string[] Roles)>
        {
            (DemoData.Student.Id, ["applicant"]), (DemoData.Supervisor.Id, ["applicant"]), (DemoData.Director.Id, ["director"]),
            (DemoData.Finance.Id, ["finance"]), ("office@example.ac.jp", ["admin"]), ("nobody@example.com", []),
        };
        // Sign-in names with what Table Storage refuses in keys: every Entra guest has #EXT#.
        people.AddRange(HostileNames.Select(name => (name, new[] { "applicant" })));
        people.Add((HostileNames[1], ["finance", "admin", "director"]));
        if (route.Name is not ("SubmitApplication" or "WithdrawApplication"))
        {
            people.Add((DemoData.Researcher.Id, ["applicant"]));
        }

        var valid = Gen.Elements(people.ToArray()).Select(p => EasyAuthPrincipal.Encode(p.Id, p.Roles));
        var broken = Gen.OneOf(
            Text(Ascii, 200),
            Text(Printable, 200).Select(t => Convert.ToBase64String(Encoding.UTF8.GetBytes(t))),
            Json(3).Select(j => Convert.ToBase64String(Encoding.UTF8.GetBytes(j))),
            Gen.Elements(
                "{\"claims\":null}", "{\"claims\":[{\"typ\":null,\"val\":null}]}", "{\"auth_typ\":\"aad\",\"claims\":[{\"typ\":\"roles\",\"val\":\"admin\"}]}",
                "{\"claims\":[{\"typ\":\"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name\",\"val\":\"\"}],\"name_typ\":5}", "[]", "\"admin\"", "null")
                .Select(j => Convert.ToBase64String(Encoding.UTF8.GetBytes(j))),
            Gen.Constant(new string('A', 12_000)),
            valid.Select(v => v[..(v.Length / 2)]),
            valid.Select(v => v + "!!"));
        return Gen.Frequency((5, valid), (3, broken), (1, Gen.Constant<string?>(null).Select(_ => "")))
            .Select(v => v.Length == 0 ? Enumerable.Empty<(string, string)>() : [(EasyAuthPrincipal.Header, v)]);
    }

    static Gen<(string, string)> Header() =>
        from name in Gen.Elements("If-Match", "Idempotency-Key", "traceparent", "Accept", "Accept-Charset", "Range", "X-Forwarded-For", "X-Random-" + "Header", "Cookie")
        from value in Gen.Frequency((4, Text(Ascii, 80)), (1, Text(Ascii, 5000)), (1, Gen.Elements("*", "W/\"x\"", "\"\"", "chunked", "gzip", "100-continue", "bytes=0-1,2-", "00-00000000000000000000000000000000-0000000000000000-00")))
        select (name, value);

    static Gen<string> Query() =>
        Gen.Frequency(
            (2, Gen.Constant("")),
            (3, Gen.ListOf(
                    from key in Gen.Frequency((2, Gen.Elements("status", "programId", "fiscalYear", "from", "to", "fund", "page")), (1, Text(Printable, 12)))
                    from value in Gen.Frequency((2, Text(Printable, 30)), (1, Gen.Elements("draft", "approved", "-1", "99999999999999999999", "%", "%zz", "%00", "<script>", "' or 1=1 --", "2025-02-30")))
                    select Escape(key) + "=" + Escape(value), 5)
                .Select(parts => "?" + string.Join("&", parts))),
            (1, Text(Ascii, 40).Select(t => "?" + t.Replace(" ", "%20", StringComparison.Ordinal).Replace("\t", "%09", StringComparison.Ordinal).Replace("#", "%23", StringComparison.Ordinal))));

    /// <summary>Mostly percent-encoded, sometimes left raw (odd '%' sequences included) to reach the parsers as sent.</summary>
    static string Escape(string text) => text.Contains('%', StringComparison.Ordinal) && text.Length < 4 ? text : Uri.EscapeDataString(text);

    static Gen<(string? ContentType, byte[] Bytes)> Body() =>
        Gen.Frequency(
            (2, Gen.Constant<(string?, byte[])>((null, []))),
            (4, from json in Json(4) from type in JsonType() select (type, Encoding.UTF8.GetBytes(json))),
            (3, from json in Json(4) from cut in Gen.Choose(0, 100) from junk in Text(JsonChars, 6) from type in JsonType()
                select (type, Encoding.UTF8.GetBytes(json[..(json.Length * cut / 100)] + junk))),
            (1, Gen.Elements("[", "{", "{\"paper\":", "\"\\ud800\"", "{\"a\":1,\"a\":2}", new string('[', 5000), "{\"lines\":[" + string.Join(",", Enumerable.Repeat("{}", 3000)) + "]}", "\uFEFF{}", "nul", "1e999999")
                .Select(j => ((string?)"application/json", Encoding.UTF8.GetBytes(j)))),
            (3, Multipart()),
            (1, from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 400) from type in Gen.Elements("application/octet-stream", "text/plain", "application/x-www-form-urlencoded", "application/pdf", "", ";;;", "application/json; charset=utf-16")
                select ((string?)type, bytes)));

    static Gen<string?> JsonType() =>
        Gen.Frequency((6, Gen.Constant<string?>("application/json")), (1, Gen.Elements<string?>("application/json; charset=utf-8", "application/json; charset=latin1", "text/json", "application/jsonx", null)));

    /// <summary>multipart/form-data with random parts: well-formed, or with a boundary that does not match, or none at all.</summary>
    static Gen<(string? ContentType, byte[] Bytes)> Multipart()
    {
        var part =
            from name in Gen.Frequency((3, Gen.Elements("kind", "file")), (1, Text(Printable, 10)))
            from fileName in Gen.Frequency((2, Gen.Constant<string?>(null)), (2, Gen.Elements<string?>("請求書.pdf", "../../etc/passwd.pdf", "a\u0000b.pdf", "C:\\x\\y.exe", "<svg>.pdf", "")), (1, Text(Printable, 60).Select(t => (string?)t)))
            from value in Gen.Frequency(
                (2, Gen.Elements("invoice", "paper", "acceptanceLetter", "virus", "", "INVOICE")),
                (2, Gen.Elements(Pdf, "MZ\u0090\0"u8.ToArray(), "PK\u0003\u0004"u8.ToArray(), "<html><script>alert(1)</script>"u8.ToArray()).Select(b => Encoding.Latin1.GetString(b))),
                (1, Text(Printable, 200)))
            select (name, fileName, value);
        return from boundary in Gen.Elements("b0undary", "----x", "a\"b", "")
               from parts in Gen.ListOf(part, 4)
               from declared in Gen.Frequency((4, Gen.Constant(boundary)), (1, Gen.Elements("other", "", "\"unterminated")))
               from truncate in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true)))
               let text = string.Concat(parts.Select(p =>
                   $"--{boundary}\r\nContent-Disposition: form-data; name=\"{p.name}\"" + (p.fileName is null ? "" : $"; filename=\"{p.fileName}\"")
                   + "\r\nContent-Type: application/pdf\r\n\r\n" + p.value + "\r\n")) + (truncate ? "" : $"--{boundary}--\r\n")
               select ((string?)(declared.Length == 0 ? "multipart/form-data" : $"multipart/form-data; boundary={declared}"), Encoding.Latin1.GetBytes(text));
    }

    /// <summary>Random JSON of the API's field names and hostile values, nested up to <paramref name="depth"/>.</summary>
    static Gen<string> Json(int depth)
    {
        var scalar = Gen.OneOf(
            Gen.Elements("null", "true", "false", "0", "-1", "1.5", "1e309", "-0", "99999999999999999999999", "2147483648", "\"\"", "\"2025-02-30\"", "\"2025-04-01\"",
                "\"approve\"", "\"reject\"", "\"return\"", "\"endorse\"", "\"publication-support\"", "\"10.1103/x\"", "\"0001\"", "\"ｶﾞ\"", "\"\\u0000\"", "\"\\ud800\"", "\"<script>\""),
            Text(Printable, 40).Select(t => System.Text.Json.JsonSerializer.Serialize(t)));
        if (depth == 0)
        {
            return scalar;
        }

        var inner = Json(depth - 1);
        var key = Gen.Frequency(
            (4, Gen.Elements("programId", "paper", "title", "journal", "jointUseResearch", "lines", "item", "amount", "endorserId", "months", "decision", "comment", "doi", "arrivedOn",
                "expectedOn", "reason", "bankCode", "branchCode", "accountType", "accountNumber", "holderKana", "payoutIds", "paidOn", "fundId", "fiscalYear", "sendingUniversity", "expectedArrival")),
            (1, Text(Printable, 10)));
        return Gen.Frequency(
            (3, scalar),
            (2, Gen.ListOf(inner, 4).Select(items => "[" + string.Join(",", items) + "]")),
            (3, Gen.ListOf(key.Zip(inner), 6).Select(fields => "{" + string.Join(",", fields.Select(f => System.Text.Json.JsonSerializer.Serialize(f.Item1) + ":" + f.Item2)) + "}")));
    }

    static readonly string[] HostileNames =
        ["nguyen_partner.example.edu#ext#@institute.onmicrosoft.com", "a/b\\c?d#e%@example.ac.jp", "ctl\u0001\u007f\u0085@example.ac.jp"];

    static readonly char[] Printable = [.. Enumerable.Range(0x20, 0x5F).Select(c => (char)c), 'é', 'ｶ', 'ﾞ', '請', '\u202E', '\u00A0', '\t'];

    /// <summary>What a header value may carry on the wire (Kestrel refuses other bytes before any route runs).</summary>
    static readonly char[] Ascii = [.. Enumerable.Range(0x20, 0x5F).Select(c => (char)c), '\t'];

    static readonly char[] JsonChars = ['{', '}', '[', ']', ',', ':', '"', '\\', 'e', '-', '0', ' '];

    static Gen<string> Text(char[] pool, int maxLength) =>
        from length in Gen.Choose(0, maxLength)
        from chars in Gen.ArrayOf(Gen.Elements(pool), length)
        select new string(chars);

    static Gen<string> Hex(int length) => Gen.ArrayOf(Gen.Elements("0123456789ABCDEF".ToCharArray()), length).Select(c => new string(c));

    /// <summary>Writes the request as raw HTTP/1.1 (so headers and Content-Length go out exactly as generated), half-closes, and reads the status code; null when no answer comes.</summary>
    static async Task<int?> SendAsync(Uri baseAddress, FuzzRequest request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port, timeout.Token);
        var stream = tcp.GetStream();
        var head = new StringBuilder($"{request.Method} {request.Target} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nConnection: close\r\n");
        foreach (var (name, value) in request.Headers)
        {
            head.Append(name).Append(": ").Append(value.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal)).Append("\r\n");
        }

        head.Append("Content-Length: ").Append(request.ContentLength).Append("\r\n\r\n");
        try
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(head.ToString()), timeout.Token);
            await stream.WriteAsync(request.Body, timeout.Token);
        }
        catch (IOException)
        {
            // The server may answer and close before reading everything (e.g. 413, 400); the answer is still there to read.
        }

        var response = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            if (request.ContentLength > request.Body.Length)
            {
                // The body promised more than was sent: give the server a second to answer (a route that reads no body
                // does), then end the connection's sending side so that one reading the body sees it end early.
                using var grace = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
                grace.CancelAfter(TimeSpan.FromSeconds(1));
                try
                {
                    var first = await stream.ReadAsync(buffer, grace.Token);
                    response.Write(buffer, 0, first);
                }
                catch (OperationCanceledException) when (!timeout.IsCancellationRequested)
                {
                    tcp.Client.Shutdown(SocketShutdown.Send);
                }
            }

            int read;
            while (response.Length <= 12 && (read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                response.Write(buffer, 0, read);
            }
        }
        catch (IOException) when (response.Length > 12)
        {
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            // The server answered and closed before reading everything sent, and the reset overtook its answer.
            return Reset;
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        var statusLine = Encoding.ASCII.GetString(response.ToArray());
        LastRaw = $"[{response.Length} bytes] {statusLine}";
        return statusLine.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && int.TryParse(statusLine.AsSpan(9, 3), out var status) ? status : null;
    }
}
