using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BadgeForge.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class BulkReferencesWithoutForeignKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Awards_BulkRows_BulkRowId",
                table: "Awards");

            migrationBuilder.DropForeignKey(
                name: "FK_BulkRows_BulkBatches_BatchId",
                table: "BulkRows");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddForeignKey(
                name: "FK_Awards_BulkRows_BulkRowId",
                table: "Awards",
                column: "BulkRowId",
                principalTable: "BulkRows",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_BulkRows_BulkBatches_BatchId",
                table: "BulkRows",
                column: "BatchId",
                principalTable: "BulkBatches",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
