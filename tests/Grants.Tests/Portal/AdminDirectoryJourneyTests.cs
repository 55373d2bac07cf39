using System.Text;
using Grants.Workflows.Demo;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Grants.Tests.Portal;

/// <summary>
/// The administrator keeping funds, budgets and the people directory in the browser, in English and Japanese: a fund
/// created and allocated with its history, a person added and deactivated, a Shift_JIS CSV previewed then imported,
/// a file with errors refused before anything is written; the director sees only the funds they approve.
/// </summary>
[Trait("Kind", "Browser")]
public sealed class AdminDirectoryJourneyTests(ITestOutputHelper output)
{
    static AdminDirectoryJourneyTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    static FilePayload Csv(string name, byte[] bytes) => new() { Name = name, MimeType = "text/csv", Buffer = bytes };

    [Fact]
    public async Task The_administrator_creates_a_fund_sets_next_years_budget_keeps_people_and_imports_a_Shift_JIS_file()
    {
        await using var portal = await PortalBrowser.StartAsync();
        await portal.Runtime.ExplainFailureAsync(output, async () =>
        {
            var page = await portal.SignInAsync(DemoData.Admin.Name);
            var nextYear = (DateTime.UtcNow.AddHours(9) is var japan && japan.Month >= 4 ? japan.Year : japan.Year - 1) + 1;

            // Funds: a new fund, next year's allocation, then a change with its reason, all in the history.
            await page.GetByRole(AriaRole.Link, new() { Name = "Funds and budgets", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Funds and budgets", Level = 1 })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Manage Director's discretionary fund" })).ToBeVisibleAsync();
            await PortalBrowser.AssertAccessibleAsync(page, "funds and budgets");
            await page.GetByLabel("Fund id").FillAsync("kakenhi-indirect");
            await page.GetByLabel("Name in Japanese").FillAsync("科研費間接経費");
            await page.GetByLabel("Name in English").FillAsync("KAKENHI indirect costs");
            await page.GetByLabel("Budget code").FillAsync("KAK-002");
            await page.GetByLabel("Approver", new() { Exact = true }).FillAsync(DemoData.Director.Id);
            await page.GetByLabel("Delegate", new() { Exact = true }).FillAsync(DemoData.Admin.Id);
            await page.GetByRole(AriaRole.Button, new() { Name = "Create the fund" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "KAKENHI indirect costs", Level = 1 })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#main").GetByText($"Approver: {DemoData.Director.Name}")).ToBeVisibleAsync();

            await page.GetByLabel("Fiscal year").SelectOptionAsync(nextYear.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await page.GetByLabel("Allocation (¥)").FillAsync("2,000,000");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save the allocation" }).ClickAsync();
            await Assertions.Expect(page.Locator("#main").GetByText($"The FY{nextYear} allocation is now ¥2,000,000.")).ToBeVisibleAsync();

            // Changing it needs a reason: the form says so, and nothing changes until one is given.
            await page.GetByLabel("Fiscal year").SelectOptionAsync(nextYear.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await page.GetByLabel("Allocation (¥)").FillAsync("1800000");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save the allocation" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Say why the allocation changes");
            await page.GetByLabel("Reason", new() { Exact = true }).FillAsync("Moved to travel");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save the allocation" }).ClickAsync();
            await Assertions.Expect(page.Locator("#main").GetByText($"The FY{nextYear} allocation is now ¥1,800,000.")).ToBeVisibleAsync();
            var history = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Moved to travel" });
            await Assertions.Expect(history).ToContainTextAsync("¥2,000,000 → ¥1,800,000");
            await Assertions.Expect(history).ToContainTextAsync(DemoData.Admin.Name);
            await PortalBrowser.AssertAccessibleAsync(page, "a fund with its budgets and history");

            // People: search, add, deactivate.
            await page.GetByRole(AriaRole.Link, new() { Name = "People", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "People directory", Level = 1 })).ToBeVisibleAsync();
            await page.GetByLabel("Search", new() { Exact = true }).FillAsync("すずき");
            await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = $"Edit {DemoData.Student.Name}" })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#main").GetByText("People: 1")).ToBeVisibleAsync();
            await PortalBrowser.AssertAccessibleAsync(page, "people directory");

            await page.GetByRole(AriaRole.Link, new() { Name = "Add a person" }).ClickAsync();
            await page.GetByLabel("Sign-in name").FillAsync("hayashi@example.ac.jp");
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync("林 大輔");
            await page.GetByLabel("Kana", new() { Exact = true }).FillAsync("ハヤシ ダイスケ");
            await page.GetByLabel("E-mail").FillAsync("hayashi@example.ac.jp");
            await page.GetByLabel("Position").SelectOptionAsync("assistantProfessor");
            await page.GetByLabel("Doctorate year").FillAsync("2018");
            await PortalBrowser.AssertAccessibleAsync(page, "adding a person");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "林 大輔 Active", Level = 1 })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Deactivate (has left)" }).ClickAsync();
            await Assertions.Expect(page.Locator("#main").GetByText("林 大輔 is deactivated")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Inactive (left)");

            // A Shift_JIS file from Excel: previewed row by row, then imported.
            await page.GetByRole(AriaRole.Link, new() { Name = "Back to the people directory" }).ClickAsync();
            var file = Encoding.GetEncoding(932).GetBytes(
                "サインイン名,氏名,フリガナ,メールアドレス,職位,所属,在籍,博士取得年,指導教員\r\n" +
                "watanabe@example.ac.jp,渡辺 美咲,ワタナベ ミサキ,watanabe@example.ac.jp,博士研究員,物質科学部門,,2022,\r\n" +
                "ito.r@example.ac.jp,伊藤 涼,イトウ リョウ,ito.r@example.ac.jp,大学院生,物質科学部門,はい,,kato@example.ac.jp\r\n" +
                "tanaka@example.ac.jp,田中 花子,タナカ ハナコ,tanaka@example.ac.jp,准教授,Materials Science,,2019,\r\n");
            var import = page.Locator("form[aria-labelledby='import-title']");
            await page.GetByLabel("CSV file").SetInputFilesAsync(Csv("名簿.csv", file));
            await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
            await Assertions.Expect(page.Locator("#main").GetByText("Added 2, changed 1, unchanged 0, rows with errors 0")).ToBeVisibleAsync();
            await Assertions.Expect(import.GetByRole(AriaRole.Row).Filter(new() { HasText = "tanaka@example.ac.jp" })).ToContainTextAsync("position: assistantProfessor → associateProfessor");
            await PortalBrowser.AssertAccessibleAsync(page, "import preview");
            await page.GetByRole(AriaRole.Button, new() { Name = "Import these people" }).ClickAsync();
            await Assertions.Expect(page.Locator("#main").GetByText("Imported: 2 added, 1 changed.")).ToBeVisibleAsync();

            // A file with errors shows every one and offers no import.
            var wrong = Encoding.UTF8.GetBytes("signInName,name,email,position\nmori@example.ac.jp,森 彩,mori@example.ac.jp,学長\nmori@example.ac.jp,森 彩,mori@example.ac.jp,postdoc\n");
            await page.GetByLabel("CSV file").SetInputFilesAsync(Csv("people.csv", wrong));
            await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
            await Assertions.Expect(page.Locator("#main").GetByText("Some rows have errors, so the file cannot be imported.")).ToBeVisibleAsync();
            await Assertions.Expect(import.GetByRole(AriaRole.Row).Filter(new() { HasText = "'学長' is not a position" })).ToContainTextAsync("Error");
            await Assertions.Expect(import.GetByRole(AriaRole.Row).Filter(new() { HasText = "already in row 2" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Import these people" })).ToBeHiddenAsync();
            await PortalBrowser.AssertAccessibleAsync(page, "import preview with errors");

            // In Japanese.
            var ja = await portal.SignInAsync(DemoData.Admin.Name, locale: "ja-JP");
            await ja.GetByRole(AriaRole.Link, new() { Name = "経費と予算", Exact = true }).ClickAsync();
            await Assertions.Expect(ja.GetByRole(AriaRole.Link, new() { Name = "科研費間接経費 を管理" })).ToBeVisibleAsync();
            await PortalBrowser.AssertAccessibleAsync(ja, "funds and budgets in Japanese");
            await ja.GetByRole(AriaRole.Link, new() { Name = "利用者", Exact = true }).ClickAsync();
            await Assertions.Expect(ja.GetByRole(AriaRole.Heading, new() { Name = "利用者名簿", Level = 1 })).ToBeVisibleAsync();
            await Assertions.Expect(ja.GetByRole(AriaRole.Row).Filter(new() { HasText = "渡辺 美咲" })).ToContainTextAsync("博士研究員");
            await PortalBrowser.AssertAccessibleAsync(ja, "people directory in Japanese");

            var phone = await portal.SignInAsync(DemoData.Admin.Name, viewport: PortalBrowser.Phone);
            await phone.GetByRole(AriaRole.Link, new() { Name = "People", Exact = true }).ClickAsync();
            await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "People directory", Level = 1 })).ToBeVisibleAsync();
            await PortalBrowser.AssertFitsWidthAsync(phone, "people directory at phone width");
            await phone.GetByRole(AriaRole.Link, new() { Name = "Funds and budgets", Exact = true }).ClickAsync();
            await phone.GetByRole(AriaRole.Link, new() { Name = "Manage KAKENHI indirect costs" }).ClickAsync();
            await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "History" })).ToBeVisibleAsync();
            await PortalBrowser.AssertFitsWidthAsync(phone, "a fund at phone width");

            // The director manages the funds they approve, not the joint-use budget.
            var director = await portal.SignInAsync(DemoData.Director.Name);
            await director.GetByRole(AriaRole.Link, new() { Name = "Funds and budgets", Exact = true }).ClickAsync();
            await Assertions.Expect(director.GetByRole(AriaRole.Link, new() { Name = "Manage Director's discretionary fund" })).ToBeVisibleAsync();
            await Assertions.Expect(director.GetByRole(AriaRole.Link, new() { Name = "Manage Joint-use research budget" })).ToHaveCountAsync(0);
            await Assertions.Expect(director.GetByRole(AriaRole.Heading, new() { Name = "Create a fund" })).ToHaveCountAsync(0);
            await Assertions.Expect(director.GetByRole(AriaRole.Link, new() { Name = "People", Exact = true })).ToHaveCountAsync(0);
        });
    }
}
