/// Synthetic person names written as "Last, First" (so every name field exercises CSV quoting),
/// a few with a quoted nickname (which exercises doubled quotes).
enum PersonName {
    private static let first = [
        "Ana", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hiro", "Imani", "Jonas",
        "Kara", "Luis", "Maya", "Noah", "Olga", "Priya", "Quinn", "Rosa", "Samir", "Tara",
        "Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zoe", "Aaron", "Bianca", "Chen", "Dara",
    ]
    private static let last = [
        "Abbott", "Baker", "Castillo", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad",
        "Ivanova", "Jensen", "Kowalski", "Lopez", "Morales", "Nguyen", "O'Brien", "Patel",
        "Quintero", "Rossi", "Schmidt", "Tanaka", "Underwood", "Vargas", "Walsh", "Xu",
        "Yilmaz", "Zimmerman", "Adeyemi", "Bianchi", "Cohen", "Delgado",
    ]
    private static let nicknames = ["Sunny", "Doc", "Bea", "Mo"]

    static func make(random: inout SeededRandom) -> String {
        let name = last[random.below(last.count)] + ", " + first[random.below(first.count)]
        guard random.chance(0.03) else { return name }
        return name + " \"" + nicknames[random.below(nicknames.count)] + "\""
    }
}
