"""A class of students for the grader's tests: folders with a learner's file each, and a reader
of the feedback pages.  The course's part names and points are the course's (ex4's submit.m),
not read from the grader."""

from html.parser import HTMLParser

from learner_files import STUDENT_TEMPLATE


COURSE_PART_NAMES = ["Feedforward and Cost Function", "Regularized Cost Function", "Sigmoid Gradient",
                     "Neural Network Gradient (Backpropagation)", "Regularized Gradient"]
COURSE_POINTS = [30, 15, 5, 40, 10]


def student_folder(root, name, mistake=None, extra=()):
    folder = root / name
    folder.mkdir()
    (folder / "ex4_answers.py").write_text(STUDENT_TEMPLATE.format(mistake=mistake))
    for helper in extra:
        (folder / helper).write_text("def helper():\n    return 1\n")
    return folder


class Page(HTMLParser):
    """A feedback page's tags, links and text."""

    def __init__(self):
        super().__init__()
        self.tags, self.links, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.links.extend(value for name, value in attrs if name in ("src", "href"))

    def handle_data(self, data):
        self.text.append(data)


def page_text(text):
    page = Page()
    page.feed(text)
    return " ".join(page.text)
