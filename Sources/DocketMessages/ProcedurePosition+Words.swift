public import DocketCore

extension ProcedurePosition {
    /// 「第三阶段 发展对象的确定和考察 · 第10步 政治审查」 or "Stage 3 … · step 10 …": the
    /// position in the regulation's own terms.
    public func text(_ language: Language) -> String {
        switch language {
        case .zh:
            let head = "第\(Self.chineseNumber(stageNumber))阶段 \(stage.title.zh)"
            guard let step, let stepTitle else { return head }
            return head + " · 第\(step)步 \(stepTitle.zh)"
        case .en:
            let head = "Stage \(stageNumber) \(stage.title.text(.en))"
            guard let step, let stepTitle else { return head }
            return head + " · step \(step) \(stepTitle.text(.en))"
        }
    }

    /// 1 → 一, 10 → 十, 12 → 十二, 25 → 二十五 (up to 99), as stages are numbered.
    public static func chineseNumber(_ n: Int) -> String {
        let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        guard n > 0, n < 100 else { return String(n) }
        if n < 10 { return digits[n] }
        let tens = n / 10
        let ones = n % 10
        return (tens == 1 ? "" : digits[tens]) + "十" + (ones == 0 ? "" : digits[ones])
    }
}
