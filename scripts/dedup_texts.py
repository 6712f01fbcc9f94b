"""Hand-written texts for the labelled dedup pairs (tests/dedup/pairs.jsonl).

TRANSLATIONS: the same short news item in English and Ukrainian (label "translation").
SAME_EVENT: one event reported by two outlets in their own words (label "not_duplicate":
the same facts in different wording are different articles, not copies).
"""

TRANSLATIONS: list[tuple[str, str, str, str]] = [
    (
        "Kyiv opens new metro station after years of delays",
        "The city of Kyiv opened a new metro station on Saturday after nearly six years of "
        "construction delays. The station, on the Syretsko-Pecherska line, will serve about "
        "forty thousand passengers a day, the city administration said. Officials said the "
        "project had been slowed by funding disputes and by the war. Trains will run every "
        "four minutes during rush hour.",
        "У Києві після років затримок відкрили нову станцію метро",
        "У суботу в Києві відкрили нову станцію метро після майже шести років затримок "
        "будівництва. Станція на Сирецько-Печерській лінії обслуговуватиме близько сорока "
        "тисяч пасажирів на день, повідомили в міській адміністрації. За словами посадовців, "
        "проєкт гальмували суперечки щодо фінансування та війна. У години пік потяги "
        "курсуватимуть кожні чотири хвилини.",
    ),
    (
        "Grain exports through Black Sea ports rise in October",
        "Ukraine exported 5.2 million tonnes of grain through its Black Sea ports in October, "
        "up from 4.1 million in September, the agriculture ministry said on Monday. Corn made "
        "up more than half of the shipments. Port operators said insurance costs remained "
        "high but had stabilised. The ministry expects exports to stay at similar levels "
        "through the winter.",
        "Експорт зерна через чорноморські порти зріс у жовтні",
        "У жовтні Україна експортувала 5,2 мільйона тонн зерна через чорноморські порти, "
        "тоді як у вересні — 4,1 мільйона, повідомило в понеділок міністерство аграрної "
        "політики. Понад половину відвантажень становила кукурудза. Оператори портів "
        "зазначили, що вартість страхування залишається високою, але стабілізувалася. У "
        "міністерстві очікують, що взимку експорт утримається на схожому рівні.",
    ),
    (
        "Lviv library digitises rare manuscripts",
        "A library in Lviv has finished digitising more than three thousand rare manuscripts, "
        "some dating back to the fifteenth century. The scans are now available online free "
        "of charge. The director said the work began as a precaution against damage and took "
        "two years. Researchers from twelve countries have already requested access to the "
        "collection.",
        "Львівська бібліотека оцифрувала рідкісні рукописи",
        "Бібліотека у Львові завершила оцифрування понад трьох тисяч рідкісних рукописів, "
        "деякі з яких датуються п'ятнадцятим століттям. Скани тепер безкоштовно доступні "
        "онлайн. Директорка розповіла, що роботу почали як запобіжний захід від пошкоджень і "
        "вона тривала два роки. Науковці з дванадцяти країн уже попросили доступ до колекції.",
    ),
    (
        "Heavy snow closes roads in the Carpathians",
        "Heavy snowfall closed several mountain roads in the Carpathians on Wednesday, "
        "leaving some villages cut off for hours. Rescue services cleared the main routes by "
        "the evening. Forecasters warned of more snow and strong winds over the weekend and "
        "advised drivers to avoid mountain passes. Ski resorts said the early snow was good "
        "news for the season.",
        "Сильний снігопад закрив дороги в Карпатах",
        "У середу сильний снігопад закрив кілька гірських доріг у Карпатах, і деякі села "
        "кілька годин були відрізані від світу. До вечора рятувальники розчистили основні "
        "маршрути. Синоптики попередили про новий сніг і сильний вітер на вихідних і радять "
        "водіям уникати гірських перевалів. Гірськолижні курорти назвали ранній сніг добрими "
        "новинами для сезону.",
    ),
    (
        "Odesa theatre returns to its historic stage",
        "The Odesa opera and ballet theatre returned to its historic main stage on Friday "
        "after repairs to the roof and the heating system. The first performance was sold "
        "out within a day. The theatre's director thanked the engineers who worked through "
        "the summer. Tickets for the December programme go on sale next week.",
        "Одеський театр повернувся на історичну сцену",
        "У п'ятницю Одеський театр опери та балету повернувся на історичну головну сцену "
        "після ремонту даху та системи опалення. Квитки на першу виставу розкупили за день. "
        "Директор театру подякував інженерам, які працювали все літо. Квитки на грудневу "
        "програму надійдуть у продаж наступного тижня.",
    ),
    (
        "Kharkiv schools move classes underground",
        "Several schools in Kharkiv have moved lessons into underground classrooms built "
        "over the past year. About two thousand pupils now study in the shelters in two "
        "shifts. Parents said the children felt safer and attendance had risen. The city "
        "plans to open four more underground schools before spring.",
        "Харківські школи перенесли уроки під землю",
        "Кілька шкіл у Харкові перенесли уроки до підземних класів, збудованих за останній "
        "рік. Близько двох тисяч учнів тепер навчаються в укриттях у дві зміни. Батьки "
        "кажуть, що діти почуваються безпечніше, а відвідуваність зросла. До весни місто "
        "планує відкрити ще чотири підземні школи.",
    ),
]

SAME_EVENT: list[tuple[str, str, str, str]] = [
    (
        "Central bank holds key rate at 13.5%",
        "The national bank left its key policy rate unchanged at 13.5 percent on Thursday, "
        "citing slowing inflation and a stable currency. Governor Andriy Pyshnyi said the "
        "board saw room for cuts next year if prices kept easing. Analysts had expected the "
        "decision. Inflation fell to 6.2 percent in October, the lowest level in two years.",
        "Rates unchanged as inflation cools",
        "Borrowing costs will stay where they are for now. Meeting on Thursday, the central "
        "bank's board decided against moving the benchmark from 13.5%, pointing to cooler "
        "price growth — 6.2% last month, a two-year low — and a steady hryvnia. Pyshnyi hinted "
        "that easing could come in 2025 should the trend hold. Economists polled beforehand "
        "had predicted no change.",
    ),
    (
        "Storm knocks out power to 200,000 homes",
        "A powerful storm swept across the west of the country overnight, knocking out "
        "electricity to about 200,000 homes. Winds reached 110 kilometres per hour in places. "
        "Energy company crews restored supply to half of the affected households by midday. "
        "Two people were injured by falling trees, police said.",
        "Overnight gale leaves western regions in the dark",
        "Falling trees injured two people and hundreds of thousands of households lost power "
        "when gusts of up to 110 km/h battered western regions during the night. By noon, "
        "repair teams had reconnected roughly 100,000 customers, the utility said, adding that "
        "the rest should have electricity back by the weekend.",
    ),
    (
        "Local team wins cup final on penalties",
        "FC Vorskla won the national cup on Sunday, beating Dnipro-1 5-4 on penalties after "
        "a goalless draw in Lviv. Goalkeeper Pavlo Isenko saved the decisive kick. It is the "
        "club's second cup title. About 30,000 fans watched the match.",
        "Isenko the hero as Vorskla lift the cup",
        "Pavlo Isenko stopped the last spot kick to hand Vorskla their second national cup. "
        "Neither side found the net in 120 minutes in front of a crowd of around 30,000 in "
        "Lviv, and the Poltava club then edged Dnipro-1 in the shoot-out, 5-4.",
    ),
    (
        "Parliament passes budget for next year",
        "Lawmakers approved the state budget for next year on Tuesday with 257 votes in "
        "favour. Defence spending will account for more than half of all expenditure. The "
        "finance minister said the deficit would be covered mainly by international aid. "
        "The budget now goes to the president for signature.",
        "Budget vote: defence takes the lion's share",
        "With 257 deputies backing it, next year's budget cleared parliament on Tuesday and "
        "awaits the president's signature. Over half of the money goes to the military, and "
        "the gap between revenue and spending is to be filled largely by foreign partners, "
        "according to the finance ministry.",
    ),
    (
        "Airline resumes flights to Warsaw",
        "A national airline said on Monday it would resume flights between Lviv and Warsaw "
        "from March, pending final approval from regulators. Tickets will go on sale next "
        "month. The route would be the first regular passenger service from a Ukrainian "
        "airport since February 2022.",
        "Lviv–Warsaw route could return in spring",
        "Passengers may soon be able to fly from Lviv to Warsaw again. The carrier announced "
        "plans on Monday to restart the service in March if regulators give the green light, "
        "with bookings opening next month. No scheduled passenger flight has left a Ukrainian "
        "airport since early 2022.",
    ),
    (
        "Museum returns stolen paintings",
        "Police recovered four paintings stolen from a regional museum in Chernihiv last "
        "year, the interior ministry said. The works, by nineteenth-century artists, were "
        "found in a private garage near the border. Two suspects were detained. The museum "
        "plans to exhibit the paintings again in the summer.",
        "Stolen Chernihiv artworks found in garage",
        "Four nineteenth-century canvases taken from the Chernihiv regional museum have "
        "turned up in a garage close to the border. Investigators arrested two people, the "
        "ministry of internal affairs reported. Curators hope to put the works back on show "
        "by summer.",
    ),
    (
        "Wheat harvest estimate raised",
        "The agriculture ministry raised its wheat harvest forecast to 22 million tonnes, "
        "from 20 million, after favourable weather in the south. Farmers have harvested "
        "about 60 percent of the crop so far. Yields are higher than last year in most "
        "regions.",
        "Better weather lifts wheat outlook",
        "Officials now expect farmers to bring in 22 million tonnes of wheat, two million "
        "more than previously thought, thanks to good conditions in southern regions. With "
        "roughly three fifths of fields cut, yields are running ahead of last season across "
        "most of the country.",
    ),
    (
        "City introduces free public transport for students",
        "Students will ride city buses and trams for free from September, the mayor "
        "announced on Wednesday. The measure will cost the city about 40 million hryvnias "
        "a year. Students must register their cards online. The council approved the plan "
        "unanimously.",
        "Free rides for students from autumn",
        "From September, anyone enrolled as a student can use the city's trams and buses "
        "without paying, after councillors backed the mayor's proposal without a single vote "
        "against. Registration of travel cards is done online; the scheme is budgeted at "
        "roughly 40m hryvnias annually.",
    ),
]
