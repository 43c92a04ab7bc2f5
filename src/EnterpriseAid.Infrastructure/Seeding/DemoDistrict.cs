using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Organization;

namespace EnterpriseAid.Infrastructure.Seeding;

public sealed record DemoOrgUnit(string Code, string Name, OrgUnitKind Kind, string? ParentCode, int SortOrder);

public sealed record DemoEnterprise(
    string Uscc,
    string Name,
    string? LegalRepresentative,
    string ScaleClass,
    string IndustrySection,
    string TownCode,
    IReadOnlyList<string> Tags,
    int Employees,
    string? Address,
    DateOnly? EstablishedOn,
    IReadOnlyList<EnterpriseContact> Contacts)
{
    public EnterpriseProfile ToProfile(long townId) =>
        new(Name, LegalRepresentative, ScaleClass, IndustrySection, townId, Tags, Employees, Address, EstablishedOn, Contacts);
}

/// <summary>
/// A fictional district (江城市新河区) with its towns, departments and an enterprise roster, for demos and
/// manual testing. Everything comes from a fixed seed so that every machine shows the same enterprises.
/// </summary>
public static class DemoDistrict
{
    public const string CityCode = "JC";
    public const string CityName = "江城市";
    public const string DistrictCode = "XH";
    public const string DistrictName = "新河区";

    /// <summary>行政区划代码 in positions 3–8 of every demo USCC; 4199xx is not assigned to any real place.</summary>
    public const string DivisionCode = "419902";

    public const int Seed = 20_260_301;

    private const string CityShort = "江城";
    private const string DistrictShort = "新河";

    private sealed record TownSpec(string Code, string Name, OrgUnitKind Kind, string Short, int Weight);

    private static readonly TownSpec[] TownSpecs =
    [
        new("XH-T01", "城关街道", OrgUnitKind.Street, "城关", 14),
        new("XH-T02", "东湖街道", OrgUnitKind.Street, "东湖", 12),
        new("XH-T03", "西关街道", OrgUnitKind.Street, "西关", 7),
        new("XH-T04", "新华街道", OrgUnitKind.Street, "新华", 9),
        new("XH-T05", "河滨街道", OrgUnitKind.Street, "河滨", 8),
        new("XH-T06", "站前街道", OrgUnitKind.Street, "站前", 5),
        new("XH-T07", "青山镇", OrgUnitKind.Town, "青山", 16),
        new("XH-T08", "柳林镇", OrgUnitKind.Town, "柳林", 11),
        new("XH-T09", "白沙镇", OrgUnitKind.Town, "白沙", 8),
        new("XH-T10", "石桥镇", OrgUnitKind.Town, "石桥", 6),
    ];

    private static readonly string[] DepartmentNames =
    [
        $"{DistrictName}发展和改革委员会",
        $"{DistrictName}科技和工业信息化局",
        $"{DistrictName}商务局",
        $"{DistrictName}人力资源和社会保障局",
        $"{DistrictName}住房和城乡建设局",
        $"{DistrictName}自然资源局",
        $"{DistrictName}财政局",
        $"{DistrictName}市场监督管理局",
        $"{DistrictName}生态环境局",
        $"{DistrictName}应急管理局",
        $"{DistrictName}交通运输局",
        $"{DistrictName}行政审批服务局",
        $"{DistrictName}金融服务中心",
        $"国家税务总局{CityName}{DistrictName}税务局",
        $"国网{CityName}{DistrictName}供电公司",
    ];

    public static IReadOnlyList<DemoOrgUnit> OrgUnits { get; } = BuildOrgUnits();

    public static IReadOnlyList<DemoOrgUnit> Towns { get; } = OrgUnits.Where(u => u.Kind is OrgUnitKind.Town or OrgUnitKind.Street).ToList();

    public static IReadOnlyList<DemoOrgUnit> Departments { get; } = OrgUnits.Where(u => u.Kind is OrgUnitKind.Department).ToList();

    private static List<DemoOrgUnit> BuildOrgUnits()
    {
        var units = new List<DemoOrgUnit>
        {
            new(CityCode, CityName, OrgUnitKind.City, null, 1),
            new(DistrictCode, DistrictName, OrgUnitKind.District, CityCode, 1),
        };
        units.AddRange(TownSpecs.Select((t, i) => new DemoOrgUnit(t.Code, t.Name, t.Kind, DistrictCode, (i + 1) * 10)));
        units.AddRange(DepartmentNames.Select((name, i) =>
            new DemoOrgUnit($"{DistrictCode}-D{i + 1:D2}", name, OrgUnitKind.Department, DistrictCode, 100 + (i + 1) * 10)));
        return units;
    }

    private sealed record ScaleSpec(string Code, int Weight, int MinEmployees, int MaxEmployees, (string Section, int Weight)[] Sections);

    private static readonly ScaleSpec[] Scales =
    [
        new("industry_above", 25, 50, 2000, [("C", 85), ("D", 10), ("B", 5)]),
        new("industry_below", 20, 5, 80, [("C", 92), ("D", 3), ("B", 5)]),
        new("services_above", 12, 50, 1000, [("G", 25), ("I", 25), ("L", 20), ("M", 20), ("O", 10)]),
        new("services_below", 15, 3, 60, [("G", 20), ("I", 15), ("L", 25), ("M", 15), ("O", 25)]),
        new("construction", 8, 30, 800, [("E", 1)]),
        new("trade_hospitality", 12, 5, 300, [("F", 70), ("H", 30)]),
        new("real_estate", 4, 10, 150, [("K", 1)]),
        new("other", 4, 3, 100, [("A", 35), ("N", 15), ("R", 15), ("Q", 10), ("P", 10), ("J", 15)]),
    ];

    private static readonly Dictionary<string, string[]> IndustryWords = new()
    {
        ["A"] = ["农业开发", "生态农业", "农牧", "种业", "果蔬种植", "畜牧养殖"],
        ["B"] = ["矿业", "石材", "砂石开采"],
        ["C"] = ["精密机械", "新材料", "电子科技", "食品", "纺织", "汽车零部件", "包装", "化工", "生物医药", "智能装备",
                 "机电设备", "新型建材", "服饰", "家具", "铝业", "钢结构", "塑业", "环保设备", "电气", "制药", "阀门",
                 "轴承", "玻璃制品", "印务"],
        ["D"] = ["新能源", "热力", "燃气", "水务", "光伏科技", "能源"],
        ["E"] = ["建筑工程", "建设工程", "路桥工程", "装饰工程", "市政工程", "建筑安装工程", "水利工程", "园林绿化工程"],
        ["F"] = ["商贸", "贸易", "超市", "医药连锁", "汽车销售服务", "农资", "建材商贸", "五金机电", "粮油贸易", "百货"],
        ["G"] = ["物流", "运输", "仓储服务", "冷链物流", "供应链", "汽车运输"],
        ["H"] = ["酒店管理", "餐饮管理", "餐饮服务", "宾馆", "大酒店"],
        ["I"] = ["软件", "信息技术", "网络科技", "数据科技", "智能科技", "数字科技", "通信技术"],
        ["J"] = ["融资担保", "小额贷款"],
        ["K"] = ["房地产开发", "置业", "地产"],
        ["L"] = ["企业管理咨询", "人力资源服务", "商务服务", "广告传媒", "供应链管理", "设备租赁", "会展服务"],
        ["M"] = ["检测技术", "工程设计", "技术服务", "环境科技", "测绘", "工程咨询", "科技"],
        ["N"] = ["环境工程", "园林", "水环境治理", "环卫服务"],
        ["O"] = ["家政服务", "汽车维修服务", "保洁服务", "洗涤服务"],
        ["P"] = ["教育科技", "职业培训"],
        ["Q"] = ["健康管理", "康复医疗", "医院管理"],
        ["R"] = ["文化传媒", "体育文化", "影视文化", "文化旅游"],
    };

    // 个体工商户 carry a shop word instead of a company form.
    private static readonly Dictionary<string, string[]> IndividualWords = new()
    {
        ["F"] = ["商行", "便利店", "批发部", "百货超市", "建材门市部"],
        ["H"] = ["饭店", "餐馆", "快餐店", "宾馆"],
        ["O"] = ["汽车修理部", "家电维修部", "洗衣店"],
    };

    private static readonly string[] TradeNames =
    [
        "华瑞", "恒通", "鑫源", "宏达", "金鼎", "盛世", "博远", "天成", "永兴", "瑞丰",
        "泰和", "嘉禾", "丰源", "润泽", "信达", "通泰", "德盛", "兴旺", "鼎盛", "聚力",
        "汇通", "昌盛", "正和", "广源", "华信", "金诺", "凯瑞", "卓越", "同创", "众诚",
        "安泰", "福瑞", "祥和", "康达", "宏远", "恒昌", "益丰", "裕华", "海纳", "明德",
        "长兴", "东升", "远航", "腾飞", "启航", "精诚", "利源", "百川", "晟达", "豪迈",
        "锦程", "顺达", "佳和", "万鑫", "亿丰", "金桥", "荣昌", "伟业", "建兴", "新宇",
        "天润", "立诚", "捷通", "旭日", "辰光", "星河", "宝丰", "银丰", "永盛", "和瑞",
        "诚信", "智远", "联创", "华晟", "恒泰", "正元", "弘毅", "瑞祥", "盈泰", "凯达",
        "青禾", "嘉信",
    ];

    // Added to a trade name when the generated name is already taken: 华瑞 → 华瑞达.
    private static readonly char[] Qualifiers = ['达', '源', '盛', '泰', '丰', '华', '通', '鑫', '恒', '兴', '宇', '茂', '昌', '隆', '嘉', '晟', '锦', '益'];

    private static readonly string[] CommonRoads =
    [
        "人民路", "建设路", "解放路", "新华路", "文化路", "黄河路", "长江路", "滨河路", "迎宾大道", "学府路",
        "朝阳路", "光明路", "民主路", "和平路", "青年路", "振兴路", "府前街", "东环路", "西环路", "商贸街",
    ];

    private static readonly string[] IndustrialRoads =
    [
        "工业大道", "产业路", "创业路", "科技路", "兴业路", "纬一路", "纬二路", "经三路", "经五路", "开源路", "园区大道",
    ];

    // Hundred common surnames; the first ten carry most of the weight, as in the population.
    private static readonly string[] TopSurnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];

    private static readonly string[] OtherSurnames =
    [
        "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧",
        "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛", "叶", "阎",
        "余", "潘", "杜", "戴", "夏", "钟", "汪", "田", "任", "姜", "范", "方", "石", "姚", "谭", "廖", "邹", "熊", "金", "陆",
        "郝", "孔", "白", "崔", "康", "毛", "邱", "秦", "江", "史", "顾", "侯", "邵", "孟", "龙", "万", "段", "雷", "钱", "汤",
        "尹", "黎", "易", "常", "武", "乔", "贺", "赖", "龚", "文",
    ];

    private const string GivenNameCharacters =
        "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华建国文辉力永健志义兴良海山波宁福生龙全胜学祥发武新利清飞彬富顺成康" +
        "光天达安中茂进林和博诚敬振会思群豪乐松善庆民友浩亮政鹏泽晨旭宏斌栋维启翔德泰雄慧美婷倩颖佳琳雪梅兰红玲燕萍凤玉晓欣";

    private static readonly string[] MobilePrefixes =
    [
        "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156", "157",
        "158", "159", "166", "176", "177", "178", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191",
        "193", "195", "198", "199",
    ];

    private static readonly string[] LeaderTitles = ["总经理", "副总经理", "办公室主任"];
    private static readonly string[] StaffTitles = ["财务负责人", "办公室主任", "人事经理", "行政主管"];

    private static readonly DateOnly FirstEstablished = new(1995, 1, 1);
    private static readonly DateOnly LastEstablished = new(2025, 12, 31);

    // 2015-10-01: from then on new firms get an organization code of the "MA…" series instead of a numeric one.
    private static readonly DateOnly UsccIntroduced = new(2015, 10, 1);
    private static readonly DateOnly IndividualCodesFrom = new(2016, 1, 1);

    public static IReadOnlyList<DemoEnterprise> Enterprises(int count = 300)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var rng = new Random(Seed);

        var scales = Shuffle(rng, Allocate(count, Scales.Select(s => s.Weight).ToArray(), atLeastOne: false));
        var towns = Shuffle(rng, Allocate(count, TownSpecs.Select(t => t.Weight).ToArray(), atLeastOne: true));

        var usccs = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<DemoEnterprise>(count);

        for (var i = 0; i < count; i++)
        {
            var scale = Scales[scales[i]];
            var town = TownSpecs[towns[i]];
            var section = PickWeighted(rng, scale.Sections);
            var individual = IndividualWords.ContainsKey(section)
                && scale.Code is "trade_hospitality" or "services_below"
                && rng.NextDouble() < 0.1;

            var established = RandomDate(rng, individual ? IndividualCodesFrom : FirstEstablished, LastEstablished);
            var uscc = NewUscc(rng, usccs, individual, established);
            var (name, stockCompany) = individual
                ? (UniqueName(rng, names, DistrictName, Pick(rng, TradeNames), Pick(rng, IndividualWords[section]), string.Empty), false)
                : CompanyName(rng, names, scale.Code, section, town);
            var legal = PersonName(rng);
            var employees = individual ? rng.Next(1, 9) : Skewed(rng, scale.MinEmployees, scale.MaxEmployees);
            var tags = individual ? Array.Empty<string>() : Tags(rng, scale.Code, section, employees);
            var road = section is "B" or "C" or "D" && rng.NextDouble() < 0.8 ? Pick(rng, IndustrialRoads) : Pick(rng, CommonRoads);
            var address = $"{town.Name}{road}{Skewed(rng, 1, 400)}号";
            var contacts = Contacts(rng, legal, individual, stockCompany, section);

            list.Add(new DemoEnterprise(uscc, name, legal, scale.Code, section, town.Code, tags, employees, address, established, contacts));
        }

        // One unicorn at most: a district-level roster with several would not be believed.
        if (count >= 100)
        {
            bool Candidate(DemoEnterprise e, string section) =>
                e.IndustrySection == section && e.Tags.Contains("high_tech") && e.Tags.Contains("gazelle");
            var index = list.FindIndex(e => Candidate(e, "I"));
            if (index < 0) index = list.FindIndex(e => Candidate(e, "C"));
            if (index >= 0)
            {
                var e = list[index];
                list[index] = e with { Tags = EnterpriseTags.All.Select(t => t.Code).Where(c => c == "unicorn" || e.Tags.Contains(c)).ToList() };
            }
        }
        return list;
    }

    private static (string Name, bool StockCompany) CompanyName(Random rng, HashSet<string> taken, string scale, string section, TownSpec town)
    {
        var r = rng.NextDouble();
        var prefix = r < 0.5 ? string.Empty : r < 0.7 ? CityShort : r < 0.85 ? DistrictShort : town.Short;
        var large = scale is "industry_above" or "services_above" or "construction" or "real_estate";
        var f = rng.NextDouble();
        var form = large
            ? f < 0.65 ? "有限公司" : f < 0.85 ? "股份有限公司" : "有限责任公司"
            : f < 0.8 ? "有限公司" : f < 0.95 ? "有限责任公司" : "股份有限公司";
        var name = UniqueName(rng, taken, prefix, Pick(rng, TradeNames), Pick(rng, IndustryWords[section]), form);
        return (name, form == "股份有限公司");
    }

    private static string UniqueName(Random rng, HashSet<string> taken, string prefix, string trade, string industry, string form)
    {
        var name = prefix + trade + industry + form;
        if (taken.Add(name)) return name;
        var start = rng.Next(Qualifiers.Length);
        for (var k = 0; k < Qualifiers.Length; k++)
        {
            var q = Qualifiers[(start + k) % Qualifiers.Length];
            if (trade.Contains(q)) continue;
            name = prefix + trade + q + industry + form;
            if (taken.Add(name)) return name;
        }
        // Practically unreachable; a longer trade name still avoids numbering.
        return UniqueName(rng, taken, prefix, trade + Pick(rng, Qualifiers), industry, form);
    }

    private static string NewUscc(Random rng, HashSet<string> taken, bool individual, DateOnly established)
    {
        Span<char> org = stackalloc char[8];
        while (true)
        {
            if (individual || established >= UsccIntroduced)
            {
                org[0] = 'M';
                org[1] = 'A';
                org[2] = (char)('3' + rng.Next(7));
                for (var k = 3; k < 8; k++) org[k] = UnifiedSocialCreditCode.Alphabet[rng.Next(UnifiedSocialCreditCode.Alphabet.Length)];
            }
            else
            {
                org[0] = "0567"[rng.Next(4)];
                for (var k = 1; k < 8; k++) org[k] = (char)('0' + rng.Next(10));
            }
            var first17 = (individual ? "92" : "91") + DivisionCode + new string(org) + OrganizationCodeCheck(org);
            var uscc = first17 + UnifiedSocialCreditCode.ComputeCheckCharacter(first17);
            if (taken.Add(uscc)) return uscc;
        }
    }

    /// <summary>GB 11714 check character of an 8-character organization code body.</summary>
    public static char OrganizationCodeCheck(ReadOnlySpan<char> body)
    {
        if (body.Length != 8) throw new ArgumentException("需要组织机构代码前8位", nameof(body));
        ReadOnlySpan<int> weights = [3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var k = 0; k < 8; k++)
        {
            var c = body[k];
            var v = c is >= '0' and <= '9' ? c - '0'
                : c is >= 'A' and <= 'Z' ? c - 'A' + 10
                : throw new ArgumentException($"非法字符 {c}", nameof(body));
            sum += v * weights[k];
        }
        var check = 11 - sum % 11;
        return check switch { 10 => 'X', 11 => '0', _ => (char)('0' + check) };
    }

    private static string[] Tags(Random rng, string scale, string section, int employees)
    {
        var manufacturing = section == "C";
        var knowledge = section is "I" or "M";
        bool Roll(double p) => rng.NextDouble() < p;

        var specialized = scale switch
        {
            "industry_above" => manufacturing && Roll(0.55),
            "industry_below" => manufacturing && employees >= 20 && Roll(0.3),
            "services_above" => knowledge && Roll(0.35),
            _ => false,
        };
        var highTech = scale switch
        {
            "industry_above" => manufacturing && Roll(0.36),
            "industry_below" => manufacturing && employees >= 20 && Roll(0.15),
            "services_above" or "services_below" => knowledge && Roll(0.35),
            _ => false,
        };
        // Gazelles are fast-growing firms already above the statistical threshold.
        var gazelle = (specialized || highTech) && scale is "industry_above" or "services_above" && Roll(0.25);
        var foreignTrade = scale switch
        {
            "industry_above" => manufacturing && Roll(0.3),
            "industry_below" => manufacturing && Roll(0.15),
            "trade_hospitality" => section == "F" && Roll(0.2),
            "services_above" or "services_below" => section == "G" && Roll(0.2),
            _ => false,
        };
        var keySupport = scale switch
        {
            "industry_above" => Roll(section == "D" ? 0.6 : 0.18),
            "services_above" => section == "G" && Roll(0.3),
            "construction" => Roll(0.1),
            "trade_hospitality" => section == "F" && Roll(0.05),
            _ => false,
        };

        var tags = new List<string>(4);
        if (specialized) tags.Add("specialized");
        if (highTech) tags.Add("high_tech");
        if (gazelle) tags.Add("gazelle");
        if (foreignTrade) tags.Add("foreign_trade");
        if (keySupport) tags.Add("key_support");
        return [.. tags];
    }

    private static List<EnterpriseContact> Contacts(Random rng, string legal, bool individual, bool stockCompany, string section)
    {
        if (individual) return [new EnterpriseContact(legal, "经营者", Mobile(rng))];

        var contacts = new List<EnterpriseContact>(2);
        var first = rng.NextDouble() < 0.45
            ? new EnterpriseContact(legal, stockCompany ? "董事长" : "总经理", Mobile(rng))
            : new EnterpriseContact(PersonName(rng), Pick(rng, LeaderTitles), Mobile(rng));
        contacts.Add(first);
        if (rng.NextDouble() < 0.55)
        {
            string[] staffTitles = section == "C" ? [.. StaffTitles, "生产经理"] : StaffTitles;
            var title = Pick(rng, staffTitles);
            if (title == first.Title) title = "财务负责人";
            contacts.Add(new EnterpriseContact(PersonName(rng), title, Mobile(rng)));
        }
        return contacts;
    }

    private static string PersonName(Random rng)
    {
        var surname = rng.Next(100) < 45 ? Pick(rng, TopSurnames) : Pick(rng, OtherSurnames);
        var given = GivenNameCharacters[rng.Next(GivenNameCharacters.Length)].ToString();
        if (rng.NextDouble() < 0.7) given += GivenNameCharacters[rng.Next(GivenNameCharacters.Length)];
        return surname + given;
    }

    private static string Mobile(Random rng) => Pick(rng, MobilePrefixes) + rng.Next(100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

    private static DateOnly RandomDate(Random rng, DateOnly from, DateOnly to) =>
        DateOnly.FromDayNumber(rng.Next(from.DayNumber, to.DayNumber + 1));

    /// <summary>Between min and max, most values near min (the product of two uniform draws), in integers only.</summary>
    private static int Skewed(Random rng, int min, int max)
    {
        long u = (long)rng.Next(1000) * rng.Next(1000);
        return min + (int)((max - min) * u / (999L * 999L));
    }

    private static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    private static string PickWeighted(Random rng, (string Value, int Weight)[] items)
    {
        var roll = rng.Next(items.Sum(i => i.Weight));
        foreach (var (value, weight) in items)
        {
            if (roll < weight) return value;
            roll -= weight;
        }
        return items[^1].Value;
    }

    /// <summary>
    /// Splits <paramref name="count"/> slots over the weights by largest remainder, so that shares are exact
    /// rather than left to chance; returns one weight index per slot.
    /// </summary>
    private static int[] Allocate(int count, int[] weights, bool atLeastOne)
    {
        var floor = atLeastOne && count >= weights.Length ? 1 : 0;
        var rest = count - floor * weights.Length;
        var total = weights.Sum();
        var shares = weights.Select(w => floor + rest * w / total).ToArray();
        var order = Enumerable.Range(0, weights.Length).OrderByDescending(k => rest * weights[k] % total).ThenBy(k => k).ToArray();
        for (var k = 0; shares.Sum() < count; k++) shares[order[k % order.Length]]++;
        return shares.SelectMany((n, k) => Enumerable.Repeat(k, n)).ToArray();
    }

    private static int[] Shuffle(Random rng, int[] items)
    {
        for (var k = items.Length - 1; k > 0; k--)
        {
            var j = rng.Next(k + 1);
            (items[k], items[j]) = (items[j], items[k]);
        }
        return items;
    }
}
