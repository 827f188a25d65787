import Foundation

/// Sets or removes a value deep in a JSON object by a path like `orders[0].totals[2].value`,
/// the same notation the API's errors use.
func editing(_ object: [String: Any], at path: String, to value: Any?) -> [String: Any] {
    var steps: [Either] = []
    for part in path.split(separator: ".") {
        var name = Substring(part)
        var indexes: [Int] = []
        while let open = name.lastIndex(of: "["), name.hasSuffix("]") {
            indexes.insert(Int(name[name.index(after: open)..<name.index(before: name.endIndex)])!, at: 0)
            name = name[..<open]
        }
        steps.append(.key(String(name)))
        steps += indexes.map(Either.index)
    }
    return set(object, steps[...], value) as! [String: Any]
}

private enum Either {
    case key(String)
    case index(Int)
}

private func set(_ container: Any, _ steps: ArraySlice<Either>, _ value: Any?) -> Any {
    guard let step = steps.first else { return value as Any }
    let rest = steps.dropFirst()
    switch step {
    case .key(let key):
        var dictionary = container as! [String: Any]
        if rest.isEmpty {
            dictionary[key] = value
        } else {
            dictionary[key] = set(dictionary[key]!, rest, value)
        }
        return dictionary
    case .index(let index):
        var array = container as! [Any]
        array[index] = rest.isEmpty ? value as Any : set(array[index], rest, value)
        return array
    }
}

func jsonData(_ object: Any) -> Data {
    try! JSONSerialization.data(withJSONObject: object)
}
