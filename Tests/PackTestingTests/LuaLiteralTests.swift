@testable import PackTesting
import Testing

@Suite struct LuaLiteralTests {
    @Test func jsonBecomesATableConstructor() throws {
        let json = #"{ "a": 1, "b": null, "c": [1, null, -2.5e3], "d": { "e": true, "f": false }, "g": "q\"\\\n\u00e9\/" }"#
        #expect(try LuaLiteral.chunk(fromJSON: json)
            == #"return {["a"]= 1,["c"]={ 1,nil, -2.5e3,},["d"]={["e"]=true,["f"]=false,},["g"]="q\034\092\010\195\169/",}"#)
        #expect(try LuaLiteral.chunk(fromJSON: "[]") == "return {}")
    }

    @Test(arguments: ["{", "[1,]x", "{\"a\" 1}", "\"open", "{\"a\": tru}"])
    func invalidJSONIsRefused(text: String) {
        #expect(throws: LuaLiteral.Invalid.self) { try LuaLiteral.chunk(fromJSON: text) }
    }

    @Test func reportsThatDifferNameTheFirstLine() {
        #expect(PackRun.firstDifference("{\n  \"a\": 1\n}", "{\n  \"a\": 2\n}") == "line 2: `\"a\": 1` against `\"a\": 2`")
        #expect(PackRun.firstDifference("x", "x\ny") == "line 2: `(end)` against `y`")
    }
}
