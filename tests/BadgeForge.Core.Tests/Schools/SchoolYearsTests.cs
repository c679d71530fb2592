using System.ComponentModel.DataAnnotations;
using BadgeForge.Core.Schools;

namespace BadgeForge.Core.Tests.Schools;

public sealed class SchoolYearsTests
{
    [Theory]
    [InlineData("2026/27", true)]
    [InlineData("1999/00", true)]
    [InlineData("2026/2027", false)]
    [InlineData("2026-27", false)]
    [InlineData("26/27", false)]
    [InlineData("2026/27\n", false)]
    [InlineData(" 2026/27", false)]
    [InlineData("２０２６/27", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValid_AgreesWithTheRequestValidationPattern(string? year, bool valid)
    {
        SchoolYears.IsValid(year).Should().Be(valid);
        if (!string.IsNullOrEmpty(year))
        {
            // The API validates request bodies with the same Pattern through DataAnnotations ([Required] refuses "").
            new RegularExpressionAttribute(SchoolYears.Pattern).IsValid(year).Should().Be(valid);
        }
    }

    [Theory]
    [InlineData(2026, 9, 1, "2026/27")]
    [InlineData(2027, 8, 31, "2026/27")]
    [InlineData(2099, 12, 31, "2099/00")]
    public void Current_StartsOnTheFirstOfSeptember(int year, int month, int day, string expected) =>
        SchoolYears.Current(new DateTime(year, month, day, 12, 0, 0, DateTimeKind.Utc)).Should().Be(expected);
}
