using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BadgeForge.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class TrainingAwards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "AutoAward",
                table: "TrainingRuns",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "CriteriaTraceJson",
                table: "Awards",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AutoAward",
                table: "TrainingRuns");

            migrationBuilder.DropColumn(
                name: "CriteriaTraceJson",
                table: "Awards");
        }
    }
}
