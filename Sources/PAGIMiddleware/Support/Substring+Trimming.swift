extension Substring {
    /// Without leading and trailing spaces and tabs.
    package var trimmingSpaces: Substring {
        var start = self.startIndex
        var end = self.endIndex
        while start < end, self[start] == " " || self[start] == "\t" { start = self.index(after: start) }
        while end > start, self[self.index(before: end)] == " " || self[self.index(before: end)] == "\t" { end = self.index(before: end) }
        return self[start..<end]
    }
}
