/// Reads CSV (RFC 4180: quoted fields, `""` for a quote, CRLF or LF) into rows with their line numbers.
enum CSVReader {
  struct Row {
    var fields: [String]
    var line: Int
  }

  struct Failure: Error {
    var message: String
    var line: Int
  }

  static func rows(_ bytes: [UInt8]) throws(Failure) -> [Row] {
    var rows: [Row] = []
    var fields: [String] = []
    var field: [UInt8] = []
    var line = 1
    var rowLine = 1
    var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    var inQuotes = false
    var quotedFieldStartLine = 1
    func endField() {
      fields.append(String(decoding: field, as: UTF8.self))
      field = []
    }
    while i < bytes.count {
      let b = bytes[i]
      if inQuotes {
        if b == UInt8(ascii: "\"") {
          if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
            field.append(b)
            i += 1
          } else {
            inQuotes = false
          }
        } else {
          if b == 0x0A { line += 1 }
          field.append(b)
        }
      } else {
        switch b {
        case UInt8(ascii: "\""):
          guard field.isEmpty else { throw Failure(message: "a quote inside an unquoted field", line: line) }
          inQuotes = true
          quotedFieldStartLine = line
        case UInt8(ascii: ","):
          endField()
        case 0x0D:
          break
        case 0x0A:
          endField()
          if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Row(fields: fields, line: rowLine)) }
          fields = []
          line += 1
          rowLine = line
        default:
          field.append(b)
        }
      }
      i += 1
    }
    if inQuotes { throw Failure(message: "a quoted field is never closed", line: quotedFieldStartLine) }
    if !field.isEmpty || !fields.isEmpty {
      endField()
      rows.append(Row(fields: fields, line: rowLine))
    }
    return rows
  }
}
