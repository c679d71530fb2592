using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BadgeForge.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TrainingAwardClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "TrainingRunId",
                table: "Awards",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Awards_TrainingRunId_RecipientEmail_ModelId_BadgeId",
                table: "Awards",
                columns: new[] { "TrainingRunId", "RecipientEmail", "ModelId", "BadgeId" },
                unique: true,
                filter: "\"TrainingRunId\" IS NOT NULL AND \"RevokedAt\" IS NULL");

            migrationBuilder.AddForeignKey(
                name: "FK_Awards_TrainingRuns_TrainingRunId",
                table: "Awards",
                column: "TrainingRunId",
                principalTable: "TrainingRuns",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Awards_TrainingRuns_TrainingRunId",
                table: "Awards");

            migrationBuilder.DropIndex(
                name: "IX_Awards_TrainingRunId_RecipientEmail_ModelId_BadgeId",
                table: "Awards");

            migrationBuilder.DropColumn(
                name: "TrainingRunId",
                table: "Awards");
        }
    }
}
