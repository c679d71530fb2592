using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BadgeForge.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class BulkRowsHotOutcomeUpdates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_BulkRows_BatchId_State_Line",
                table: "BulkRows");

            migrationBuilder.AlterTable(
                name: "BulkRows")
                .Annotation("Npgsql:StorageParameter:fillfactor", 45);

            migrationBuilder.CreateIndex(
                name: "IX_BulkRows_BatchId_Line",
                table: "BulkRows",
                columns: new[] { "BatchId", "Line" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_BulkRows_BatchId_Line",
                table: "BulkRows");

            migrationBuilder.AlterTable(
                name: "BulkRows")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 45);

            migrationBuilder.CreateIndex(
                name: "IX_BulkRows_BatchId_State_Line",
                table: "BulkRows",
                columns: new[] { "BatchId", "State", "Line" });
        }
    }
}
