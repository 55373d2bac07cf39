using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grants.Workflows.Demo;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Grants.Tests.Programs.ProgramHttp;

namespace Grants.Tests.Portal;

/// <summary>
/// The applicant's main journeys in the browser: an assistant professor applies for publication support with an invoice
/// and follows it to approval; a graduate student applies to the fellowship and the supervisor endorses it; a Japanese
/// browser gets the screens in Japanese.
/// </summary>
[Trait("Kind", "Browser")]
public sealed class ApplicantJourneyTests(ITestOutputHelper output)
{
    static FilePayload Pdf(string name) => new()
    {
        Name = name,
        MimeType = "application/pdf",
        Buffer = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
    };

    [Fact]
    public async Task An_assistant_professor_applies_with_an_invoice_saves_a_draft_submits_and_follows_it_to_awaiting_approval()
    {
        await using var portal = await PortalBrowser.StartAsync();
        await portal.Runtime.ExplainFailureAsync(output, async () =>
        {
            using var director = portal.Runtime.ClientFor(DemoData.Director.Id, "director");
            var page = await portal.SignInAsync(DemoData.Researcher.Name);

            // The programs and their rules; 田中 is eligible for 今が大切 only.
            await page.GetByRole(AriaRole.Link, new() { Name = "Programs", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Open programs", Level = 1 })).ToBeVisibleAsync();
            var publication = page.GetByRole(AriaRole.Article, new() { Name = DemoData.PublicationSupport.NameEn });
            await Assertions.Expect(publication.GetByText("✓ Your position (assistant professor) is eligible")).ToBeVisibleAsync();
            await Assertions.Expect(publication.GetByRole(AriaRole.Row).Filter(new() { HasText = "Open-access charge" })).ToContainTextAsync("¥500,000");
            await Assertions.Expect(publication).ToContainTextAsync("Report the published paper's DOI within 180 days of approval");
            await Assertions.Expect(page.GetByRole(AriaRole.Article, new() { Name = DemoData.GraduateSupport.NameEn })
                .GetByText("✗ Your position (assistant professor) is not eligible")).ToBeVisibleAsync();
            await PortalBrowser.AssertAccessibleAsync(page, "programs");

            // The form: a draft without a title is refused next to the field; an amount that is not a number before sending.
            await publication.GetByRole(AriaRole.Link, new() { Name = $"Apply to {DemoData.PublicationSupport.NameEn}" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Apply: {DemoData.PublicationSupport.NameEn}", Level = 1 })).ToBeVisibleAsync();
            var openAccess = page.GetByRole(AriaRole.Group, new() { Name = "Open-access charge" });
            await openAccess.GetByLabel("Amount (yen)").FillAsync("264,000 yen");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Open-access charge — Amount (yen): Enter the amount as a whole number of yen");
            await Assertions.Expect(openAccess.GetByLabel("Amount (yen)")).ToHaveAttributeAsync("aria-invalid", "true");
            await openAccess.GetByLabel("Amount (yen)").FillAsync("¥264,000");
            await openAccess.GetByLabel("Description").FillAsync("Article processing charge");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The work — Paper title: This field is required.");
            await Assertions.Expect(page.GetByLabel("Paper title")).ToHaveAttributeAsync("aria-invalid", "true");
            await PortalBrowser.AssertAccessibleAsync(page, "application form with errors");

            await page.GetByLabel("Paper title").FillAsync("Strain-tuned magnetism in thin films");
            await page.GetByLabel("Journal").FillAsync("Physical Review Materials");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Draft saved. Attach the documents needed, then press “Submit”.");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Strain-tuned magnetism in thin films", Level = 1 })).ToBeVisibleAsync();
            var id = Regex.Match(page.Url, "#/applications/(APP-[0-9A-F]+)$").Groups[1].Value;
            Assert.NotEmpty(id);
            await Assertions.Expect(page.GetByText("✗ Invoice: not attached yet")).ToBeVisibleAsync();

            // Submitting without the invoice would be final (ineligible), so the page stops it and says what is missing.
            await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Open-access charge needs Invoice: attach it.");

            // Only the kinds of document the program takes are offered: 今が大切 takes an invoice.
            await Assertions.Expect(page.GetByLabel("Kind of document").Locator("option")).ToHaveTextAsync(["Invoice"]);

            // A wrong file can be taken off again while the application is a draft.
            await page.GetByLabel("Kind of document").SelectOptionAsync("invoice");
            await page.GetByLabel("File (PDF, up to 20 MB)").SetInputFilesAsync(Pdf("wrong-invoice.pdf"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Attach" }).ClickAsync();
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Attached “wrong-invoice.pdf” as Invoice.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Remove wrong-invoice.pdf" }).ClickAsync();
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Removed wrong-invoice.pdf from the application.");
            await Assertions.Expect(page.GetByText("✗ Invoice: not attached yet")).ToBeVisibleAsync();

            // The upload shows its progress while the file goes up (held here, so the progress is there to be seen).
            var held = new TaskCompletionSource();
            await page.RouteAsync("**/documents", async route =>
            {
                await held.Task;
                await route.ContinueAsync();
            });
            await page.GetByLabel("Kind of document").SelectOptionAsync("invoice");
            await page.GetByLabel("File (PDF, up to 20 MB)").SetInputFilesAsync(Pdf("invoice.pdf"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Attach" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Progressbar, new() { Name = "Upload progress" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Attach" })).ToBeDisabledAsync();
            held.SetResult();
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Attached “invoice.pdf” as Invoice.");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Invoice: invoice.pdf" }))
                .ToHaveAttributeAsync("href", new Regex($"^/api/applications/{id}/documents/DOC-[0-9A-F]+$"));
            await Assertions.Expect(page.GetByText("✓ Invoice: attached")).ToBeVisibleAsync();
            await PortalBrowser.AssertAccessibleAsync(page, "draft with its document");

            // Submit: the eligibility check runs in the workflow; the page waits for it and then shows the outcome.
            await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Submitted. It meets every rule and waits for the approver’s decision.");
            await Assertions.Expect(page.Locator("main h1 + p .badge")).ToHaveTextAsync("Awaiting approval");
            await Assertions.Expect(page.GetByText("✓ Meets every rule")).ToBeVisibleAsync();

            // The approver's mail is recorded just after the status changes, so the page may have been drawn before it:
            // wait for it to be recorded, then read the page again.
            await WaitForAsync(director, id, v => Actions(v, "notified-approvalrequested").Any(), "the approval request mailed");
            await page.ReloadAsync();
            var timeline = page.GetByRole(AriaRole.Region, new() { Name = "Timeline" }).Locator("li strong");
            await Assertions.Expect(timeline).ToContainTextAsync(["Draft created", "Document attached", "Document removed", "Document attached", "Submitted", "Eligibility confirmed", "Approval requested", "Mail sent"]);
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Submit" })).ToHaveCountAsync(0);
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Withdraw" })).ToBeVisibleAsync();
            await PortalBrowser.AssertAccessibleAsync(page, "submitted application");
            await PortalBrowser.ScreenshotAsync(page, "applicant");

            var submitted = await WaitForStatusAsync(director, id, "awaitingApproval");
            Assert.Equal(264_000, submitted["application"]!["lines"]![0]!["amount"]!.GetValue<long>());
            Assert.Equal("invoice", submitted["application"]!["documents"]![0]!["kind"]!.GetValue<string>());

            // The director approves; the applicant reads the outcome and reports the published paper's DOI.
            await PostAcceptedAsync(director, $"/api/applications/{id}/decision", new { decision = "approve", comment = "Approved." });
            await WaitForStatusAsync(director, id, "approved");
            await page.ReloadAsync();
            var report = page.GetByRole(AriaRole.Group, new() { Name = "Report the published paper" });
            await report.GetByLabel("DOI").FillAsync("not a DOI");
            await report.GetByRole(AriaRole.Button, new() { Name = "Report" }).ClickAsync();
            await Assertions.Expect(report.GetByRole(AriaRole.Alert)).ToContainTextAsync("Give the paper's DOI");
            // A DOI pasted as its link is taken as the DOI.
            await report.GetByLabel("DOI").FillAsync("https://doi.org/10.1103/PhysRevMaterials.7.012345");
            await report.GetByRole(AriaRole.Button, new() { Name = "Report" }).ClickAsync();
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Report received. Thank you.");
            await Assertions.Expect(page.Locator("main h1 + p .badge")).ToHaveTextAsync("Completed");
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("DOI 10.1103/PhysRevMaterials.7.012345 (reported");

            // The payout waits for finance's transfer; the list of applications shows the new status.
            await page.GetByRole(AriaRole.Link, new() { Name = "Payouts", Exact = true }).ClickAsync();
            // Each payout is named by the paper it pays for, not by the application's number.
            var payoutRow = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Strain-tuned magnetism in thin films" });
            await Assertions.Expect(payoutRow).ToContainTextAsync("¥264,000");
            await Assertions.Expect(payoutRow).ToContainTextAsync("Ready to batch");
            await Assertions.Expect(payoutRow).Not.ToContainTextAsync(id);
            await PortalBrowser.AssertAccessibleAsync(page, "payouts");
            await page.GetByRole(AriaRole.Link, new() { Name = "My applications", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Strain-tuned magnetism in thin films" })).ToContainTextAsync("Completed");

            // The same application on phones: one column, nothing wider than the screen.
            foreach (var viewport in new[] { PortalBrowser.Phone, PortalBrowser.NarrowPhone })
            {
                var phone = await portal.SignInAsync(DemoData.Researcher.Name, viewport: viewport);
                await phone.GetByRole(AriaRole.Link, new() { Name = "My applications", Exact = true }).ClickAsync();
                await PortalBrowser.AssertFitsWidthAsync(phone, $"applications at {viewport.Width} px");
                await phone.GetByRole(AriaRole.Link, new() { Name = "Strain-tuned magnetism in thin films" }).ClickAsync();
                await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Timeline" })).ToBeVisibleAsync();
                await PortalBrowser.AssertFitsWidthAsync(phone, $"application at {viewport.Width} px");
                await PortalBrowser.AssertAccessibleAsync(phone, $"application at {viewport.Width} px");
                await phone.GetByRole(AriaRole.Link, new() { Name = "Payouts", Exact = true }).ClickAsync();
                await Assertions.Expect(phone.GetByRole(AriaRole.Row).Filter(new() { HasText = "Strain-tuned magnetism in thin films" })).ToContainTextAsync("¥264,000");
                await PortalBrowser.AssertFitsWidthAsync(phone, $"payouts at {viewport.Width} px");
            }
        });
    }

    [Fact]
    public async Task A_graduate_student_applies_to_the_fellowship_and_the_supervisor_endorses_it_from_the_list()
    {
        await using var portal = await PortalBrowser.StartAsync();
        await portal.Runtime.ExplainFailureAsync(output, async () =>
        {
            using var director = portal.Runtime.ClientFor(DemoData.Director.Id, "director");
            var student = await portal.SignInAsync(DemoData.Student.Name);
            await student.GetByRole(AriaRole.Link, new() { Name = "Programs", Exact = true }).ClickAsync();
            await student.GetByRole(AriaRole.Link, new() { Name = $"Apply to {DemoData.GraduateSupport.NameEn}" }).ClickAsync();
            await student.GetByLabel("Title of the talk, paper or joint research").FillAsync("Oxide interfaces, a talk at ICM 2027");
            await student.GetByLabel("Conference, journal or research partner").FillAsync("International Conference on Magnetism");
            await student.GetByRole(AriaRole.Group, new() { Name = "Conference presentation" }).GetByLabel("Amount (yen)").FillAsync("250000");
            // The student does not know the supervisor's sign-in name: typing part of the name in kana offers them, with department.
            var supervisorBox = student.GetByRole(AriaRole.Combobox, new() { Name = "Supervisor" });
            await supervisorBox.PressSequentiallyAsync("かとう");
            var suggestion = student.GetByRole(AriaRole.Listbox).GetByRole(AriaRole.Option, new() { Name = "加藤 誠一 Materials Science" });
            await Assertions.Expect(suggestion).ToBeVisibleAsync();
            await Assertions.Expect(supervisorBox).ToHaveAttributeAsync("aria-expanded", "true");
            await PortalBrowser.AssertAccessibleAsync(student, "fellowship form with the supervisor's suggestions");
            await supervisorBox.PressAsync("ArrowDown");
            await Assertions.Expect(suggestion).ToHaveAttributeAsync("aria-selected", "true");
            await supervisorBox.PressAsync("Enter");
            await Assertions.Expect(supervisorBox).ToHaveValueAsync("加藤 誠一");
            await Assertions.Expect(student.GetByRole(AriaRole.Listbox)).ToBeHiddenAsync();
            await Assertions.Expect(student.Locator("main")).ToContainTextAsync("Chose 加藤 誠一 (Materials Science).");
            await PortalBrowser.AssertAccessibleAsync(student, "fellowship form");
            await student.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
            await Assertions.Expect(student.Locator("main")).ToContainTextAsync("Draft saved.");
            var id = Regex.Match(student.Url, "#/applications/(APP-[0-9A-F]+)$").Groups[1].Value;
            using var studentApi = portal.Runtime.ClientFor(DemoData.Student.Id, "applicant");
            var draft = await (await studentApi.GetAsync($"/api/applications/{id}")).Content.ReadAsStringAsync();
            Assert.Equal(DemoData.Supervisor.Id, System.Text.Json.Nodes.JsonNode.Parse(draft)!["application"]!["endorserId"]!.GetValue<string>());
            // The draft's own page names the chosen supervisor, not their sign-in name.
            await Assertions.Expect(student.GetByRole(AriaRole.Combobox, new() { Name = "Supervisor" })).ToHaveValueAsync("加藤 誠一");

            await student.GetByLabel("Kind of document").SelectOptionAsync("conferenceAcceptance");
            await student.GetByLabel("File (PDF, up to 20 MB)").SetInputFilesAsync(Pdf("acceptance.pdf"));
            await student.GetByRole(AriaRole.Button, new() { Name = "Attach" }).ClickAsync();
            await Assertions.Expect(student.Locator("main")).ToContainTextAsync("Attached “acceptance.pdf” as Conference acceptance.");
            await student.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
            await Assertions.Expect(student.Locator("main")).ToContainTextAsync("Submitted. It meets every rule and your endorser has been asked to endorse it.");
            // The endorser is named as the directory names them, never by their sign-in name.
            await Assertions.Expect(student.Locator("main")).ToContainTextAsync($"Waiting for the endorsement of {DemoData.Supervisor.Name}.");
            await Assertions.Expect(student.Locator("main")).Not.ToContainTextAsync(DemoData.Supervisor.Id);

            // The supervisor finds it among the applications waiting for their endorsement, and endorses it.
            var supervisor = await portal.SignInAsync(DemoData.Supervisor.Name);
            await supervisor.GetByRole(AriaRole.Link, new() { Name = "My applications", Exact = true }).ClickAsync();
            var endorsing = supervisor.GetByRole(AriaRole.Region, new() { Name = "Applications you are asked to endorse" });
            var row = endorsing.GetByRole(AriaRole.Row).Filter(new() { HasText = "Oxide interfaces, a talk at ICM 2027" });
            await Assertions.Expect(row).ToContainTextAsync("Waiting for your endorsement");
            await Assertions.Expect(row).ToContainTextAsync(DemoData.Student.Name);
            await Assertions.Expect(row).Not.ToContainTextAsync(DemoData.Student.Id);
            await PortalBrowser.AssertAccessibleAsync(supervisor, "endorser's list");
            await row.GetByRole(AriaRole.Link).ClickAsync();
            await Assertions.Expect(supervisor.Locator("main")).ToContainTextAsync("Waiting for your endorsement. Read the application and answer below.");
            await Assertions.Expect(supervisor.GetByRole(AriaRole.Button, new() { Name = "Withdraw" })).ToHaveCountAsync(0);
            var endorsement = supervisor.GetByRole(AriaRole.Group, new() { Name = "Endorsement" });
            await endorsement.GetByLabel("Comment").FillAsync("A strong talk; I endorse it.");
            await PortalBrowser.AssertAccessibleAsync(supervisor, "endorsement");
            await endorsement.GetByRole(AriaRole.Button, new() { Name = "Endorse", Exact = true }).ClickAsync();
            await Assertions.Expect(supervisor.Locator("main")).ToContainTextAsync("Endorsed. The application goes on to approval.");
            await Assertions.Expect(supervisor.Locator("main h1 + p .badge")).ToHaveTextAsync("Awaiting approval");

            var endorsed = await WaitForStatusAsync(director, id, "awaitingApproval");
            Assert.Equal("A strong talk; I endorse it.", endorsed["application"]!["endorsement"]!["comment"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task An_international_student_asks_for_monthly_support_and_the_page_shows_the_plan_and_what_is_still_missing_as_the_server_says()
    {
        await using var portal = await PortalBrowser.StartAsync();
        await portal.Runtime.ExplainFailureAsync(output, async () =>
        {
            var page = await portal.SignInAsync(DemoData.InternationalStudent.Name);
            await page.GetByRole(AriaRole.Link, new() { Name = "Programs", Exact = true }).ClickAsync();
            var fellowship = page.GetByRole(AriaRole.Article, new() { Name = DemoData.InternationalSupport.NameEn });
            await Assertions.Expect(fellowship.GetByText("✓ Your position (international student) is eligible")).ToBeVisibleAsync();
            await fellowship.GetByRole(AriaRole.Link, new() { Name = $"Apply to {DemoData.InternationalSupport.NameEn}" }).ClickAsync();
            await page.GetByLabel("Joint research title").FillAsync("Spin textures in oxide heterostructures");
            // Full-width digits, as a Japanese keyboard types them, are amounts like any other.
            await page.GetByRole(AriaRole.Group, new() { Name = "Support before arrival (monthly)" }).GetByLabel("Monthly amount (yen)").FillAsync("５００００");
            await page.GetByRole(AriaRole.Group, new() { Name = "Support after arrival (monthly)" }).GetByLabel("Monthly amount (yen)").FillAsync("150,000");
            await page.GetByLabel("Months of support").FillAsync("１２");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Draft saved.");

            // Monthly support as the server plans it: each phase's rate a month, the months, and what approval reserves.
            var summary = page.GetByRole(AriaRole.Region, new() { Name = "Application details" });
            await Assertions.Expect(summary).ToContainTextAsync("¥50,000 a month before arrival, ¥150,000 a month after arrival, for 12 months (¥1,800,000 reserved)");

            // What is still missing is the server's list, in the reader's words.
            await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
            var notReady = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Not ready to submit" });
            await Assertions.Expect(notReady).ToContainTextAsync("Support before arrival (monthly) needs Nomination by the sending university: attach it.");
            await Assertions.Expect(notReady).ToContainTextAsync("Support after arrival (monthly) needs Admission papers: attach it.");
            await Assertions.Expect(notReady).ToContainTextAsync("Enter your endorser and save.");
            await PortalBrowser.AssertAccessibleAsync(page, "monthly support draft");
        });
    }

    [Fact]
    public async Task A_Japanese_browser_gets_the_applicant_screens_in_Japanese_and_the_bank_account_errors_beside_their_fields()
    {
        await using var portal = await PortalBrowser.StartAsync();
        await portal.Runtime.ExplainFailureAsync(output, async () =>
        {
            // Nobody is signed in yet, so there is nothing to sign out of.
            var signIn = await portal.OpenAsync("ja-JP");
            await Assertions.Expect(signIn.GetByRole(AriaRole.Heading, new() { Name = "サインイン", Level = 1 })).ToBeVisibleAsync();
            await Assertions.Expect(signIn.Locator("#sign-out")).ToBeHiddenAsync();
            await Assertions.Expect(signIn.Locator("main")).Not.ToContainTextAsync("サインアウト");

            var page = await portal.SignInAsync(DemoData.Researcher.Name, locale: "ja-JP");
            await page.GetByRole(AriaRole.Link, new() { Name = "プログラム", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "募集中のプログラム", Level = 1 })).ToBeVisibleAsync();
            Assert.Equal("ja", await page.GetAttributeAsync("html", "lang"));
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = DemoData.PublicationSupport.NameJa })).ToBeVisibleAsync();
            // The program's name has its own 「」, so it is quoted with 『』 inside: no doubled brackets.
            Assert.EndsWith("「今が大切」", DemoData.PublicationSupport.NameJa);
            var nested = DemoData.PublicationSupport.NameJa.Replace('「', '『').Replace('」', '』');
            await page.GetByRole(AriaRole.Link, new() { Name = $"「{nested}」に申請する", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByLabel("論文の題目")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "下書き保存" })).ToBeVisibleAsync();
            await PortalBrowser.AssertAccessibleAsync(page, "application form (ja)");

            // What is typed survives a change of language, full-width digits included.
            await page.GetByLabel("論文の題目").FillAsync("薄膜の磁性");
            var openAccess = page.GetByRole(AriaRole.Group, new() { Name = "オープンアクセス掲載料" });
            await openAccess.GetByLabel("金額(円)").FillAsync("５００００");
            await page.Locator("#lang").SelectOptionAsync("en");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Apply: {DemoData.PublicationSupport.NameEn}", Level = 1 })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByLabel("Paper title")).ToHaveValueAsync("薄膜の磁性");
            await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "Open-access charge" }).GetByLabel("Amount (yen)")).ToHaveValueAsync("５００００");
            await page.Locator("#lang").SelectOptionAsync("ja");
            await Assertions.Expect(page.GetByLabel("論文の題目")).ToHaveValueAsync("薄膜の磁性");

            // The session expires before saving: the person signs in again and comes back to the form as they left it.
            await page.Context.ClearCookiesAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "下書き保存" }).ClickAsync();
            await page.GetByRole(AriaRole.Alert).GetByRole(AriaRole.Button, new() { Name = "もう一度サインインする" }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = $"{DemoData.Researcher.Name} としてサインイン" }).ClickAsync();
            await Assertions.Expect(page.GetByLabel("論文の題目")).ToHaveValueAsync("薄膜の磁性");
            await Assertions.Expect(openAccess.GetByLabel("金額(円)")).ToHaveValueAsync("５００００");
            await page.GetByRole(AriaRole.Button, new() { Name = "下書き保存" }).ClickAsync();
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("下書きを保存しました。");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "薄膜の磁性", Level = 1 })).ToBeVisibleAsync();
            await Assertions.Expect(openAccess.GetByLabel("金額(円)")).ToHaveValueAsync("50000");
            var draft = page.Url;

            // Every applicant screen fits a phone of 375 and of 320 pixels, the draft's upload box included.
            foreach (var viewport in new[] { PortalBrowser.Phone, PortalBrowser.NarrowPhone })
            {
                var phone = await portal.SignInAsync(DemoData.Researcher.Name, locale: "ja-JP", viewport: viewport);
                await phone.GetByRole(AriaRole.Link, new() { Name = "プログラム", Exact = true }).ClickAsync();
                await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "募集中のプログラム", Level = 1 })).ToBeVisibleAsync();
                await PortalBrowser.AssertFitsWidthAsync(phone, $"programs at {viewport.Width} px");
                await phone.GetByRole(AriaRole.Link, new() { Name = $"「{nested}」に申請する", Exact = true }).ClickAsync();
                await Assertions.Expect(phone.GetByLabel("論文の題目")).ToBeVisibleAsync();
                await PortalBrowser.AssertFitsWidthAsync(phone, $"application form at {viewport.Width} px");
                await phone.GotoAsync(draft);
                await Assertions.Expect(phone.GetByLabel("ファイル(PDF、20 MB まで)")).ToBeVisibleAsync();
                await PortalBrowser.AssertFitsWidthAsync(phone, $"draft with its upload box at {viewport.Width} px");
                await phone.GetByRole(AriaRole.Link, new() { Name = "支払", Exact = true }).ClickAsync();
                await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "あなたへの支払", Level = 1 })).ToBeVisibleAsync();
                await PortalBrowser.AssertFitsWidthAsync(phone, $"payouts at {viewport.Width} px");
                await phone.GetByRole(AriaRole.Link, new() { Name = "振込口座", Exact = true }).ClickAsync();
                await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "振込口座", Level = 1 })).ToBeVisibleAsync();
                await PortalBrowser.AssertFitsWidthAsync(phone, $"bank account at {viewport.Width} px");
            }

            await page.GetByRole(AriaRole.Link, new() { Name = "振込口座", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "振込口座", Level = 1 })).ToBeVisibleAsync();
            await page.GetByLabel("金融機関コード").FillAsync("12");
            await page.GetByLabel("口座名義(カタカナ)").FillAsync("田中 花子");
            await page.GetByRole(AriaRole.Button, new() { Name = "口座を保存" }).ClickAsync();
            await Assertions.Expect(page.GetByLabel("金融機関コード")).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(page.GetByLabel("口座名義(カタカナ)")).ToHaveAttributeAsync("aria-invalid", "true");
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("金融機関コード: 金融機関コードは 4 桁です");
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeFocusedAsync();
            await PortalBrowser.AssertAccessibleAsync(page, "bank account with errors (ja)");

            await page.GetByLabel("金融機関コード").FillAsync("0005");
            await page.GetByLabel("口座名義(カタカナ)").FillAsync("タナカ ハナコ");
            await page.GetByRole(AriaRole.Button, new() { Name = "口座を保存" }).ClickAsync();
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("振込口座を保存しました。");
            await Assertions.Expect(page.GetByLabel("金融機関コード")).Not.ToHaveAttributeAsync("aria-invalid", "true");
            using var finance = portal.Runtime.ClientFor(DemoData.Finance.Id, "finance");
            var account = await finance.GetFromJsonAsync<JsonNode>($"/api/people/{DemoData.Researcher.Id}/bank-account");
            Assert.Equal("0005", account!["account"]!["bankCode"]!.GetValue<string>());
        });
    }
}
