"""Public chat tab: question box, example questions, answers with expandable sources.

Each browser session gets its own `qa.answer.Session` in a gr.State, so a follow-up
(“那2024年呢？”) is read in the context of that visitor's previous question only.

The conversation lives on the server: the shown history is a gr.State too, and the
Chatbot is only ever an output. A history sent by the client could carry a Gradio
FileData naming any server path, which Gradio would then copy to its cache and serve.
"""

from __future__ import annotations

import gradio as gr

from qa.errors import QAError
from qa.web import render
from qa.web.engine import Engine

EXAMPLES = (
    "昌吉回族自治州人力资源和社会保障服务中心2025年“三公”经费预算是多少？",
    "巴州人社局2024年部门预算收入合计是多少？",
    "昌吉州人社局2023年决算中一般公共预算财政拨款支出是多少？",
    "巴州人社局2022年绩效目标中就业创业政策知晓率指标是多少？",
)
MAX_CANDIDATES = 6


def _candidate_updates(candidates: tuple[str, ...]) -> list:
    shown = list(candidates[:MAX_CANDIDATES])
    return [gr.update(value=shown[i], visible=True) if i < len(shown) else gr.update(visible=False)
            for i in range(MAX_CANDIDATES)]


def respond(engine: Engine, question: str, history: list, session, shown: str | None = None):
    """Ask one question in this browser session.

    Returns [history, session, pending, textbox, *candidate buttons]; `pending` keeps an
    ambiguous question and its candidates, so that a candidate button can ask it again, narrowed.
    `shown` is what the chat displays as the user's turn (default: the question).
    """
    history = list(history or [])
    question = (question or "").strip()
    if not question:
        history.append({"role": "assistant", "content": render.notice_html("请输入一个关于预算公开文件的问题。")})
        return [history, session, None, "", *_candidate_updates(())]
    session = session if session is not None else engine.new_session()
    history.append({"role": "user", "content": shown or question})
    try:
        answer = engine.answerer.ask(question, session)
    except QAError as err:  # a user-facing failure is a message in the chat, never a stack trace
        history.append({"role": "assistant", "content": render.notice_html(str(err))})
        return [history, session, None, "", *_candidate_updates(())]
    history.append({"role": "assistant", "content": render.answer_html(answer, engine.titles())})
    if answer.status == "ambiguous" and answer.candidates:
        pending = (question, tuple(answer.candidates[:MAX_CANDIDATES]))
        return [history, session, pending, "", *_candidate_updates(answer.candidates)]
    return [history, session, None, "", *_candidate_updates(())]


def build(engine: Engine) -> None:
    """Lay out the chat tab inside the current gr.Blocks / gr.Tab context and wire its events."""
    chatbot = gr.Chatbot(
        label="问答", elem_id="chat", height=560, buttons=["copy"], feedback_options=None,
        placeholder="向公开的部门预算、决算、绩效目标文件提问，每个数字都附出处。",
    )
    with gr.Row(visible=True):
        candidates = [gr.Button(visible=False, size="sm", elem_classes=["qa-candidate"])
                      for _ in range(MAX_CANDIDATES)]
    with gr.Row():
        question = gr.Textbox(show_label=False, placeholder="例如：某单位2025年“三公”经费预算是多少？",
                              scale=8, elem_id="question", submit_btn=False)
        ask = gr.Button("提问", variant="primary", scale=1, elem_id="ask-btn")
        clear = gr.Button("新对话", scale=1, elem_id="clear-btn")
    examples = gr.Dataset(components=[question], samples=[[q] for q in EXAMPLES], label="示例问题",
                          type="values", elem_id="examples")
    session = gr.State(None)
    pending = gr.State(None)
    history = gr.State([])  # the server's copy of the conversation; the Chatbot only shows it

    outputs = [chatbot, history, session, pending, question, *candidates]

    def shown(result: list) -> list:
        """respond()'s result with the history twice: once to show, once to keep."""
        return [result[0], *result]

    def on_ask(q, hist, sess):
        return shown(respond(engine, _text(q), hist, sess))

    def on_example(sample, hist, sess):
        return shown(respond(engine, _text(sample[0] if isinstance(sample, list) and sample else ""), hist, sess))

    def on_candidate(waiting, hist, sess, i):
        # The ambiguous question asked again with the chosen document named in front; question
        # and choice come from the server's copy (`pending`), never from the client.
        asked, choices = waiting or ("", ())
        if i >= len(choices):
            return shown(respond(engine, "", hist, sess))
        return shown(respond(engine, f"{choices[i]} {asked}", hist, sess, shown=choices[i]))

    # UI-only events are private: the public API is exactly /ask and /search (qa.web.api).
    gr.on([ask.click, question.submit], on_ask, [question, history, session], outputs, api_visibility="private")
    examples.click(on_example, [examples, history, session], outputs, api_visibility="private")
    for i, button in enumerate(candidates):
        button.click(lambda a, h, s, i=i: on_candidate(a, h, s, i), [pending, history, session], outputs,
                     api_visibility="private")
    # 新对话 and the chat's own clear icon both forget the server's copy, not only what is shown.
    gr.on([clear.click, chatbot.clear], lambda: [[], [], None, None, "", *_candidate_updates(())], None, outputs,
          api_visibility="private")


def _text(value) -> str:
    """A question from the client: text only (anything else, e.g. a file-shaped object, is empty)."""
    return value if isinstance(value, str) else ""
