import ArgumentParser
import Foundation
import Store

struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke API tokens.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token and print it alone on stdout (it is stored hashed and cannot be shown again).")

        @Option(help: "read, upload or admin.")
        var scope: TokenScope = .read

        @Option(help: "A note to recognise the token by in listings.")
        var label: String?

        @OptionGroup var dataDirectory: DataDirectoryOption

        func run() throws {
            let (token, _) = try dataDirectory.openDatabase().createToken(scope: scope, label: label)
            print(token)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens: id, prefix, scope, state, label.")

        @OptionGroup var dataDirectory: DataDirectoryOption

        func run() throws {
            for token in try dataDirectory.openDatabase().tokens() {
                let state = token.revokedAt == nil ? "live" : "revoked"
                print("\(token.id ?? 0)\t\(token.prefix)…\t\(token.scope.rawValue)\t\(state)\t\(token.label ?? "")")
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by id (see `auscult token list`).")

        @Argument(help: "The token's id.")
        var id: Int64

        @OptionGroup var dataDirectory: DataDirectoryOption

        func run() throws {
            guard try dataDirectory.openDatabase().revokeToken(id: id) else {
                throw ValidationError("no live token with id \(id)")
            }
            print("revoked token \(id)")
        }
    }
}

extension TokenScope: ExpressibleByArgument {}
