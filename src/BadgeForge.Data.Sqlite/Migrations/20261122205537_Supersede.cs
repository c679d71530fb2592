using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BadgeForge.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Supersede : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "SupersededAt",
                table: "Awards",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SupersededByAwardId",
                table: "Awards",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SupersedesAwardId",
                table: "Awards",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SupersessionKind",
                table: "Awards",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Awards_SupersedesAwardId",
                table: "Awards",
                column: "SupersedesAwardId",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Awards_Awards_SupersedesAwardId",
                table: "Awards",
                column: "SupersedesAwardId",
                principalTable: "Awards",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Awards_Awards_SupersedesAwardId",
                table: "Awards");

            migrationBuilder.DropIndex(
                name: "IX_Awards_SupersedesAwardId",
                table: "Awards");

            migrationBuilder.DropColumn(
                name: "SupersededAt",
                table: "Awards");

            migrationBuilder.DropColumn(
                name: "SupersededByAwardId",
                table: "Awards");

            migrationBuilder.DropColumn(
                name: "SupersedesAwardId",
                table: "Awards");

            migrationBuilder.DropColumn(
                name: "SupersessionKind",
                table: "Awards");
        }
    }
}
