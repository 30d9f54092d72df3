"""Small disclosures the app tests upload: one well-formed, one broken.

The good one is a short 2025 budget of an issuer the corpus knows (巴州人社局 has a
2024 budget there), so before the upload the question has no answer and after it
the answer is this file's figure.
"""

from pathlib import Path

GOOD_ID = "bayingol-hrss-bureau-2025-budget"
GOOD_QUESTION = "巴州人社局2025年“三公”经费预算是多少？"
GOOD_VALUE = 23.45

GOOD_TEXT = """# 巴音郭楞蒙古自治州人力资源和社会保障局

## 2025 年单位预算公开

## 第一部分 2025年巴音郭楞蒙古自治州人力资源和社会保障局单位概况

### 一、主要职能

负责全州人力资源和社会保障工作。

## 第二部分 2025年单位预算公开表

表 10

## 财政拨款“三公”经费支出情况表

编制单位：巴音郭楞蒙古自治州人力资源和社会保障局

单位：万元

| “三公”经费支出内容 | 合计 | 一般公共预算 |
| --- | --- | --- |
| 合计 | 23.45 | 23.45 |
| 因公出国（境）费 | 0.00 | 0.00 |
| 公务接待费 | 1.45 | 1.45 |
| 公务用车购置及运行费 | 22.00 | 22.00 |
| 其中：公务用车购置费 | 0.00 | 0.00 |
| 公务用车运行费 | 22.00 | 22.00 |

## 第三部分 2025年单位预算情况说明

#### 十、关于巴音郭楞蒙古自治州人力资源和社会保障局 2025 年财政拨款“三公”经费预算情况说明

巴音郭楞蒙古自治州人力资源和社会保障局 2025 年财政拨款“三公”经费预算数为 23.45 万元，其中：因公出国（境）费 0.00 万元，公务用车购置费 0.00 万元，公务用车运行费 22.00 万元，公务接待费 1.45 万元。

2025 年财政拨款“三公”经费预算比上年预算增加 4.45 万元，增长 23.42%，主要原因是公务用车运行费增加。
"""


def write_good(folder: Path) -> Path:
    path = folder / f"{GOOD_ID}.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    return path


def write_broken(folder: Path) -> Path:
    """Binary noise under a .txt name: the loader must refuse it."""
    path = folder / "broken-upload-2025-budget.txt"
    path.write_bytes(bytes(range(256)) * 64)
    return path
